package com.gigsy.gamification.api;

/** A row of {@code titles}, as GraphQL {@code Title}. */
record Title(long id, String name, String description) {
}

package com.gigsy.gamification.api;

/** A row of {@code badges}, as GraphQL {@code Badge}. */
record Badge(long id, String name, String description, String iconUrl) {
}

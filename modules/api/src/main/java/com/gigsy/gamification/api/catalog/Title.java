package com.gigsy.gamification.api.catalog;

/** A row of {@code titles}, as GraphQL {@code Title}. */
public record Title(long id, String name, String description) {
}

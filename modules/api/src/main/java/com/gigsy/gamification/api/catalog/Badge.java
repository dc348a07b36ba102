package com.gigsy.gamification.api.catalog;

/** A row of {@code badges}, as GraphQL {@code Badge}. */
public record Badge(long id, String name, String description, String iconUrl) {
}

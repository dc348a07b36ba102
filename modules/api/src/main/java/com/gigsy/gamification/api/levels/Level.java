package com.gigsy.gamification.api.levels;

/** A row of {@code levels}, as GraphQL {@code Level}; its badge and title are resolved by the catalog's loaders. */
record Level(long id, String name, long minPoints, Long badgeId, Long titleId) {
}

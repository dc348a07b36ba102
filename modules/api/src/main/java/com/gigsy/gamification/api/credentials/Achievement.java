package com.gigsy.gamification.api.credentials;

/** A badge of the catalog, as an Open Badges Achievement describes it. */
record Achievement(long badgeId, String name, String description, String iconUrl) {
}

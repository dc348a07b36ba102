package com.gigsy.gamification.api.jobs;

import java.time.OffsetDateTime;

/** A row of {@code jobs}, as GraphQL {@code Job}. */
record Job(long id, String kind, String status, long processed, Long total, long granted, OffsetDateTime startedAt,
           OffsetDateTime finishedAt, String error) {
}

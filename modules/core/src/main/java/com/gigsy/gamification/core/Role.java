package com.gigsy.gamification.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The roles a process can run ({@code GAMIFICATION_ROLES}), in their start-up order. */
public enum Role {
  ENGINE, LEADERBOARD, API, INGEST;

  /** The name used in {@code GAMIFICATION_ROLES}: {@code engine}, {@code leaderboard}, {@code api}, {@code ingest}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the known roles when {@code id} is none of them */
  public static Role of(String id) {
    for (Role role : values()) {
      if (role.id().equals(id)) {
        return role;
      }
    }
    throw new IllegalArgumentException(Setting.ROLES.variable() + " names an unknown role '" + id + "'; known roles: "
      + Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", ")));
  }
}

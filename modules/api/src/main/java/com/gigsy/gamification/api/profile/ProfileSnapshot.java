package com.gigsy.gamification.api.profile;

import com.gigsy.gamification.api.catalog.Title;

import java.util.List;

/**
 * What one statement read of a user's profile ({@link ProfileRepository#statement}): every part from the same moment.
 * A part that was not asked for is null. Public for the domains that wire fields of {@code GamificationProfile} from it:
 * the levels ({@code level}, {@code nextLevel}, {@code pointsToNextLevel}).
 */
public record ProfileSnapshot(Long totalPoints, List<ProfileRepository.HeldBadge> badges,
                              List<ProfileRepository.HeldTitle> titles, Title equippedTitle,
                              List<MilestoneProgress> milestones, List<StreakProgress> streaks,
                              Standing standing) {

  /** A row of {@code levels}, as read with the profile. */
  public record LevelRow(long id, String name, long minPoints, Long badgeId, Long titleId) {
  }

  /**
   * Where the user stands: their projected total ({@code user_totals}, 0 without points), their level (null when
   * none) and the next one (null when none).
   */
  public record Standing(long total, LevelRow level, LevelRow next) {

    /** Points to reach the next level; null when there is none. */
    public Long pointsToNext() {
      return next == null ? null : next.minPoints() - total;
    }
  }
}

package com.gigsy.gamification.api.profile;

import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a {@code GamificationProfile} read from the database, each by the fields of the SDL that need it: the
 * columns of {@link ProfileRepository#statement}, in its order.
 */
enum ProfilePart {
  TOTAL_POINTS("totalPoints"),
  BADGES("badges"),
  TITLES("titles"),
  EQUIPPED_TITLE("equippedTitle"),
  MILESTONES("milestones"),
  STREAKS("streaks"),
  STANDING("level", "nextLevel", "pointsToNextLevel");

  private final List<String> fields;

  ProfilePart(String... fields) {
    this.fields = List.of(fields);
  }

  /** The part a field of {@code GamificationProfile} needs; null for one that needs none ({@code userId}). */
  static ProfilePart of(String field) {
    for (ProfilePart part : values()) {
      if (part.fields.contains(field)) {
        return part;
      }
    }
    return null;
  }

  /** The parts that these field names need. */
  static Set<ProfilePart> of(Iterable<String> fieldNames) {
    Set<ProfilePart> parts = EnumSet.noneOf(ProfilePart.class);
    for (String name : fieldNames) {
      ProfilePart part = of(name);
      if (part != null) {
        parts.add(part);
      }
    }
    return parts;
  }

  /**
   * The parts that the selections of one {@code GamificationProfile} field need, through fragments. GamificationProfile
   * is an object type, so every fragment in it applies; a field under {@code @skip}/{@code @include} counts as
   * selected (read for nothing at worst, never missing).
   */
  static Set<ProfilePart> selected(List<Field> profileFields, Map<String, FragmentDefinition> fragments) {
    Set<ProfilePart> parts = EnumSet.noneOf(ProfilePart.class);
    for (Field field : profileFields) {
      collect(field.getSelectionSet(), fragments, parts, 0);
    }
    return parts;
  }

  private static void collect(SelectionSet selections, Map<String, FragmentDefinition> fragments, Set<ProfilePart> parts,
                              int depth) {
    if (selections == null || depth > fragments.size()) {
      return;
    }
    for (Selection<?> selection : selections.getSelections()) {
      if (selection instanceof Field field) {
        ProfilePart part = of(field.getName());
        if (part != null) {
          parts.add(part);
        }
      } else if (selection instanceof InlineFragment inline) {
        collect(inline.getSelectionSet(), fragments, parts, depth);
      } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
        collect(fragments.get(spread.getName()).getSelectionSet(), fragments, parts, depth + 1);
      }
    }
  }
}

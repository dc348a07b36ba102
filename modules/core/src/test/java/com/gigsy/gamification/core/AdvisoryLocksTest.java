package com.gigsy.gamification.core;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AdvisoryLocksTest {

  @Test
  void everyPieceOfWorkHasAKeyOfItsOwn() throws IllegalAccessException {
    List<Long> keys = new ArrayList<>();
    for (Field field : AdvisoryLocks.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == long.class) {
        keys.add(field.getLong(null));
      }
    }
    assertThat(keys).hasSize(4).doesNotHaveDuplicates();
  }
}

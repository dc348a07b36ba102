package com.gigsy.gamification.api.catalog;

import java.util.List;

/**
 * One condition of a rule, as GraphQL {@code Condition} and as checked from {@code ConditionInput}.
 *
 * @param op a {@code ConditionOp} name
 * @param value null for {@code IN} and {@code EXISTS}
 * @param values null but for {@code IN}
 */
record Condition(String attribute, String op, String value, List<String> values) {
}

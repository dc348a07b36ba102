package com.gigsy.gamification.api.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/** {@code scalar Long}: a 64-bit signed integer, written as a JSON number (totals exceed 2^31). */
public final class LongScalar implements Coercing<Long, Long> {

  public static final GraphQLScalarType TYPE = GraphQLScalarType.newScalar()
    .name("Long")
    .description("A 64-bit signed integer, serialized as a JSON number.")
    .coercing(new LongScalar())
    .build();

  private LongScalar() {
  }

  @Override
  public Long serialize(Object value, GraphQLContext context, Locale locale) {
    Long result = toLong(value);
    if (result == null) {
      throw new CoercingSerializeException("Not a 64-bit integer: " + value.getClass().getSimpleName());
    }
    return result;
  }

  @Override
  public Long parseValue(Object input, GraphQLContext context, Locale locale) {
    Long result = input instanceof String ? null : toLong(input);
    if (result == null) {
      throw new CoercingParseValueException("Expected a 64-bit integer as a JSON number, got '" + input + "'");
    }
    return result;
  }

  @Override
  public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
    if (input instanceof IntValue intValue) {
      Long result = toLong(intValue.getValue());
      if (result != null) {
        return result;
      }
    }
    throw new CoercingParseLiteralException("Expected a 64-bit integer literal, got '" + input + "'");
  }

  @Override
  public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
    return new IntValue(BigInteger.valueOf(serialize(input, context, locale)));
  }

  /** The value as a long, or null when it is not an integer that fits in 64 bits. */
  private static Long toLong(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    try {
      if (value instanceof BigInteger big) {
        return big.longValueExact();
      }
      if (value instanceof BigDecimal decimal) {
        return decimal.longValueExact();
      }
      if (value instanceof Double || value instanceof Float) {
        return new BigDecimal(value.toString()).longValueExact();
      }
      if (value instanceof String text) {
        return Long.parseLong(text.trim());
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
    return null;
  }
}

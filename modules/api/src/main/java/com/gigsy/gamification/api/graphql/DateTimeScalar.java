package com.gigsy.gamification.api.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * {@code scalar DateTime}: an instant written as ISO-8601 in UTC ({@code 2025-09-10T12:00:00Z}).
 * Input accepts any ISO-8601 date-time with an offset.
 */
public final class DateTimeScalar implements Coercing<Instant, String> {

  public static final GraphQLScalarType TYPE = GraphQLScalarType.newScalar()
    .name("DateTime")
    .description("An instant in ISO-8601 form, always in UTC, e.g. 2025-09-10T12:00:00Z.")
    .coercing(new DateTimeScalar())
    .build();

  private DateTimeScalar() {
  }

  @Override
  public String serialize(Object value, GraphQLContext context, Locale locale) {
    Instant instant = toInstant(value);
    if (instant == null) {
      throw new CoercingSerializeException("Not a date-time: " + value.getClass().getSimpleName());
    }
    return instant.toString();
  }

  @Override
  public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
    Instant instant = input instanceof String text ? parse(text) : null;
    if (instant == null) {
      throw new CoercingParseValueException("Expected an ISO-8601 date-time with an offset, got '" + input + "'");
    }
    return instant;
  }

  @Override
  public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
    Instant instant = input instanceof StringValue text ? parse(text.getValue()) : null;
    if (instant == null) {
      throw new CoercingParseLiteralException("Expected an ISO-8601 date-time with an offset, got '" + input + "'");
    }
    return instant;
  }

  @Override
  public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
    return new StringValue(serialize(input, context, locale));
  }

  private static Instant toInstant(Object value) {
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
      return Instant.from((TemporalAccessor) value);
    }
    if (value instanceof String text) {
      return parse(text);
    }
    return null;
  }

  private static Instant parse(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

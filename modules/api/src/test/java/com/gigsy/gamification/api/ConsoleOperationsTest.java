package com.gigsy.gamification.api;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console's GraphQL operations (its {@code console/operations.graphql}, from the console module) against
 * this module's schema: each operation, cut out as the console's api.js cuts it, is a valid document on its own, and
 * the console's scripts name exactly these operations. A renamed field or argument in the SDL fails here, not in a
 * browser.
 */
class ConsoleOperationsTest {

  private static final Pattern OPERATION_START = Pattern.compile("^(query|mutation) ([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern QUOTED_NAME = Pattern.compile("'([A-Z][A-Za-z]+)'");
  private static final Pattern CALLED = Pattern.compile("call\\('([^']+)'");

  @Test
  @DisplayName("every operation of the console is valid against schema.graphqls on its own, and named as cut")
  void operationsAreValid() throws IOException {
    GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(resource("schema.graphqls")));
    Map<String, String> operations = operations();

    assertThat(operations).hasSizeGreaterThan(25);
    operations.forEach((name, text) -> {
      Document document = Parser.parse(text);
      List<ValidationError> errors = new Validator().validateDocument(schema, document, Locale.ENGLISH);

      assertThat(errors).as("%s:%n%s", name, text).isEmpty();
      assertThat(document.getDefinitionsOfType(OperationDefinition.class)).as(name).singleElement()
        .extracting(OperationDefinition::getName).isEqualTo(name);
    });
  }

  @Test
  @DisplayName("the console's scripts send only these operations, and each of them is used")
  void scriptsUseExactlyTheOperations() throws IOException {
    Set<String> operations = operations().keySet();
    Set<String> quoted = new TreeSet<>();
    Set<String> called = new TreeSet<>();
    for (String line : resource("console/index.txt").split("\n")) {
      if (line.strip().endsWith(".js")) {
        String script = resource("console/" + line.strip());
        QUOTED_NAME.matcher(script).results().forEach(match -> quoted.add(match.group(1)));
        CALLED.matcher(script).results().forEach(match -> called.add(match.group(1)));
      }
    }

    assertThat(called).as("operations the scripts call").isSubsetOf(operations).isNotEmpty();
    assertThat(quoted).as("names in the scripts").containsAll(operations);
  }

  /** The operations of operations.graphql by name: each runs from a line starting "query Name" or "mutation Name". */
  private static Map<String, String> operations() throws IOException {
    Map<String, StringBuilder> found = new LinkedHashMap<>();
    StringBuilder current = null;
    for (String line : resource("console/operations.graphql").split("\n")) {
      Matcher start = OPERATION_START.matcher(line);
      if (start.find()) {
        assertThat(found).as("operation names are unique").doesNotContainKey(start.group(2));
        current = new StringBuilder();
        found.put(start.group(2), current);
      }
      if (current != null) {
        current.append(line).append('\n');
      }
    }
    Map<String, String> operations = new LinkedHashMap<>();
    found.forEach((name, text) -> operations.put(name, text.toString().strip()));
    return operations;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ConsoleOperationsTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

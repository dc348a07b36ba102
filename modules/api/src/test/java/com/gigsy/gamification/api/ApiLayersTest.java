package com.gigsy.gamification.api;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages of the api and the direction of their imports (see {@code package-info.java} of the root):
 * <pre>
 * api (root: verticle, router, HTTP handlers, wiring)
 *   -&gt; domains: leaderboard, levels, credentials -&gt; profile -&gt; catalog; history -&gt; catalog; rewards; jobs;
 *      erasure;
 *      every domain with admin mutations -&gt; audit
 *     -&gt; api.auth -&gt; api.graphql
 * </pre>
 * Checked on the compiled classes, so every use counts, not only imports.
 */
@AnalyzeClasses(packages = ApiLayersTest.API, importOptions = ImportOption.DoNotIncludeTests.class)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ApiLayersTest {

  static final String API = "com.gigsy.gamification.api";
  private static final String AUTH = API + ".auth..";
  private static final String GRAPHQL = API + ".graphql..";
  private static final String CATALOG = API + ".catalog..";
  private static final String PROFILE = API + ".profile..";
  private static final String HISTORY = API + ".history..";
  private static final String LEADERBOARD = API + ".leaderboard..";
  private static final String REWARDS = API + ".rewards..";
  private static final String LEVELS = API + ".levels..";
  private static final String JOBS = API + ".jobs..";
  private static final String AUDIT = API + ".audit..";
  private static final String ERASURE = API + ".erasure..";
  private static final String CREDENTIALS = API + ".credentials..";

  @ArchTest
  static final ArchRule every_class_is_in_a_package_of_a_layer = classes()
    .should().resideInAnyPackage(API, AUTH, GRAPHQL, CATALOG, PROFILE, HISTORY, LEADERBOARD, REWARDS, LEVELS, JOBS, AUDIT,
      ERASURE, CREDENTIALS)
    .because("a new package must be given its place in the layers below");

  @ArchTest
  static final ArchRule no_package_uses_one_above_it = layeredArchitecture().consideringOnlyDependenciesInLayers()
    .layer("root").definedBy(API)
    .layer("domains").definedBy(CATALOG, PROFILE, HISTORY, LEADERBOARD, REWARDS, LEVELS, JOBS, AUDIT, ERASURE,
      CREDENTIALS)
    .layer("auth").definedBy(AUTH)
    .layer("graphql").definedBy(GRAPHQL)
    .whereLayer("root").mayNotBeAccessedByAnyLayer()
    .whereLayer("domains").mayOnlyBeAccessedByLayers("root")
    .whereLayer("auth").mayOnlyBeAccessedByLayers("root", "domains")
    .whereLayer("graphql").mayOnlyBeAccessedByLayers("root", "domains", "auth");

  @ArchTest
  static final ArchRule a_domain_uses_only_the_domains_below_it = layeredArchitecture().consideringOnlyDependenciesInLayers()
    .layer("leaderboard").definedBy(LEADERBOARD)
    .layer("levels").definedBy(LEVELS)
    .layer("history").definedBy(HISTORY)
    .layer("rewards").definedBy(REWARDS)
    .layer("jobs").definedBy(JOBS)
    .layer("profile").definedBy(PROFILE)
    .layer("catalog").definedBy(CATALOG)
    .layer("audit").definedBy(AUDIT)
    .layer("erasure").definedBy(ERASURE)
    .layer("credentials").definedBy(CREDENTIALS)
    .whereLayer("leaderboard").mayNotBeAccessedByAnyLayer()
    .whereLayer("levels").mayNotBeAccessedByAnyLayer()
    .whereLayer("history").mayNotBeAccessedByAnyLayer()
    .whereLayer("rewards").mayNotBeAccessedByAnyLayer()
    .whereLayer("jobs").mayNotBeAccessedByAnyLayer()
    .whereLayer("erasure").mayNotBeAccessedByAnyLayer()
    .whereLayer("credentials").mayNotBeAccessedByAnyLayer()
    .whereLayer("profile").mayOnlyBeAccessedByLayers("leaderboard", "levels", "credentials")
    .whereLayer("catalog").mayOnlyBeAccessedByLayers("profile", "history", "leaderboard", "levels")
    .whereLayer("audit").mayOnlyBeAccessedByLayers("catalog", "profile", "history", "leaderboard", "levels", "jobs",
      "erasure");

  @ArchTest
  static final ArchRule no_two_packages_depend_on_each_other = slices().matching("com.gigsy.gamification.(**)")
    .should().beFreeOfCycles();
}

package com.gigsy.gamification.api.credentials;

import com.gigsy.gamification.api.auth.Access;
import com.gigsy.gamification.api.credentials.CredentialRepository.AwardKey;
import com.gigsy.gamification.api.profile.UserBadge;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.dataloader.MappedBatchLoader;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;

/**
 * {@code UserBadge.credentialUrl} (CONTRACT §9): the URL of the award's credential for its owner and admins, null for
 * anyone else and where no credentials are issued. The awards of one request get their ids in one statement (a
 * DataLoader of each request's registry), whatever the number of badges.
 */
final class CredentialLinks {

  static final String LOADER = "credentialIds";

  /** Null where credentials are not issued. */
  private final OpenBadges documents;
  private final MappedBatchLoader<AwardKey, String> ids;

  CredentialLinks(CredentialRepository repository, OpenBadges documents) {
    this.documents = documents;
    this.ids = awards -> repository.credentialIds(new ArrayList<>(awards)).toCompletionStage();
  }

  void wire(RuntimeWiring.Builder wiring) {
    wiring.type(TypeRuntimeWiring.newTypeWiring("UserBadge").dataFetcher("credentialUrl", credentialUrl()));
  }

  /** Adds this domain's loader to a request's registry. */
  DataLoaderRegistry register(DataLoaderRegistry registry) {
    registry.register(LOADER, DataLoaderFactory.newMappedDataLoader(ids));
    return registry;
  }

  private DataFetcher<CompletableFuture<String>> credentialUrl() {
    return env -> {
      UserBadge badge = env.getSource();
      if (documents == null || !Access.isSelfOrAdmin(env, badge.userId())) {
        return CompletableFuture.completedFuture(null);
      }
      DataLoader<AwardKey, String> loader = env.getDataLoader(LOADER);
      return loader.load(new AwardKey(badge.userId(), badge.rewardId()))
        .thenApply(id -> id == null ? null : documents.credentialUrl(id));
    };
  }
}

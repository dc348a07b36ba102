-- Open Badges 3.0 credentials (CONTRACT §9).

-- The credential of an award of a badge (user_badges, or badge_revocations once revoked: both keep the award's
-- reward_id). Nothing is written when a badge is awarded: the api gives an award its credential the first time its
-- owner or an admin asks for UserBadge.credentialUrl, once (reward_id is unique), and derives the credential from the
-- award and this row at each request. A badge revoked and granted again is a new award, so a new credential; the
-- revoked one keeps resolving, with a status that reads revoked.
CREATE TABLE badge_credentials (
  -- the credential's id in its URL: 128 random bits, base64url (never derived from anything public)
  id         text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{22}$'),
  reward_id  uuid        NOT NULL UNIQUE,
  -- the recipient: personal data, removed with the user's other rows on erasure
  user_id    text        NOT NULL,
  -- credentialSubject.id (urn:uuid:…) and the salt of the recipient's identity hash, one of each per credential, so
  -- two credentials of one user cannot be linked through them
  subject_id uuid        NOT NULL,
  salt       text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX badge_credentials_user ON badge_credentials (user_id);

-- Every public key that has signed credentials, recorded by the api when it starts with a key: the JWK set lists them
-- all, so credentials signed before a key rotation stay verifiable. Withdrawing a key (a compromised one) is deleting
-- its row. Public keys only.
CREATE TABLE issuer_keys (
  -- RFC 7638 SHA-256 thumbprint, base64url: the key's kid (as a URL under GAMIFICATION_PUBLIC_URL)
  thumbprint text        PRIMARY KEY,
  public_jwk jsonb       NOT NULL CHECK (public_jwk ->> 'kty' = 'RSA' AND NOT public_jwk ? 'd'),
  first_used timestamptz NOT NULL DEFAULT now()
);

-- 004: devices paired with `diary serve` (the local web page).
--
-- One row per paired browser. Only a hash of its session token is kept, so the diary file
-- (and any backup of it) holds no usable credential.
--   name        what the device called itself when pairing (free text, short)
--   token_hash  SHA-256 of the session token, lowercase hex
--   created     UTC seconds
--   last_seen   UTC seconds of its last request (NULL: never used since pairing)
--   revoked     UTC seconds when `diary devices revoke` ended it (NULL: still valid)
CREATE TABLE devices (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL,
  token_hash  TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  created     INTEGER NOT NULL,
  last_seen   INTEGER,
  revoked     INTEGER
) STRICT;

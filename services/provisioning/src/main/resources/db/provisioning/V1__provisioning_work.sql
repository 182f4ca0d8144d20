-- provisioning's durable work: one row per KeyDelivery, keyed by enrolment id (idempotency), worked through
-- its states by whichever replica holds the lease. Portable SQL: H2 2.x and PostgreSQL.

CREATE TABLE provisioning_work (
    enrolment_id    VARCHAR(36)              NOT NULL PRIMARY KEY,
    device_ieee     BIGINT                   NOT NULL,
    key_sequence    INTEGER                  NOT NULL,
    -- The KeyDelivery exactly as received: the Zigbee key in it is still sealed (HPKE) to provisioning's
    -- private key, which is never stored here. Nothing in this table is a key in the clear.
    delivery        BYTEA                    NOT NULL,
    state           VARCHAR(16)              NOT NULL,
    finished        BOOLEAN                  NOT NULL,
    -- <RelativeKeyID>@<MEF-FQDN>: an identifier, not a secret.
    key_identifier  VARCHAR(320),
    attempts        INTEGER                  NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error      VARCHAR(2000),
    lease_owner     VARCHAR(128),
    lease_until     TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The poller looks for unfinished work that is due.
CREATE INDEX provisioning_work_due ON provisioning_work (finished, next_attempt_at);

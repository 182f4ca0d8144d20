-- The registry's schema, in SQL that H2 and PostgreSQL both accept as is.
-- IEEE addresses are 16 upper-case hex digits in display order, as printed on labels.

CREATE TABLE device (
    ieee             CHAR(16)                 PRIMARY KEY,
    -- AtRestCipher envelopes (AES-GCM under the key-encryption key), never plaintext. The associated data
    -- names the device and the field, so a value copied to another row or column does not decrypt.
    install_code_enc BYTEA                    NOT NULL,
    link_key_enc     BYTEA                    NOT NULL,
    status           VARCHAR(16)              NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
    key_sequence     INTEGER                  NOT NULL CHECK (key_sequence BETWEEN 0 AND 255),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE device_label (
    ieee        CHAR(16)     NOT NULL REFERENCES device (ieee) ON DELETE CASCADE,
    label_name  VARCHAR(63)  NOT NULL,
    label_value VARCHAR(255) NOT NULL,
    PRIMARY KEY (ieee, label_name)
);

-- The oneM2M AE-IDs allowed to fetch the device's key from the MEF, in the order given.
CREATE TABLE device_target (
    ieee    CHAR(16)     NOT NULL REFERENCES device (ieee) ON DELETE CASCADE,
    ordinal INTEGER      NOT NULL,
    ae_id   VARCHAR(255) NOT NULL,
    PRIMARY KEY (ieee, ordinal),
    UNIQUE (ieee, ae_id)
);

-- No foreign key to device: requests from unknown devices are recorded too (as REJECTED), and the
-- history of a removed device stays.
CREATE TABLE enrolment (
    id             UUID                     PRIMARY KEY,
    request_id     BYTEA                    NOT NULL UNIQUE,
    device_ieee    CHAR(16)                 NOT NULL,
    gateway_ieee   CHAR(16)                 NOT NULL,
    key_identifier VARCHAR(255),
    frame_counter  BIGINT                   CHECK (frame_counter BETWEEN 0 AND 4294967295),
    key_sequence   INTEGER                  CHECK (key_sequence BETWEEN 0 AND 255),
    state          VARCHAR(20)              NOT NULL,
    reason         VARCHAR(1000),
    -- The EgResponse sent, so that a repeated request gets the same answer. Ciphertext, not a secret.
    response_frame BYTEA,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX enrolment_by_device ON enrolment (device_ieee, created_at);

-- Per Trust Center source address: the first frame counter never handed out. Replicas advance it by a
-- block before they use any counter of the block, so a counter is never issued twice, even after a crash.
CREATE TABLE frame_counter (
    tc_address   CHAR(16)                 PRIMARY KEY,
    next_counter BIGINT                   NOT NULL CHECK (next_counter BETWEEN 0 AND 4294967296),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

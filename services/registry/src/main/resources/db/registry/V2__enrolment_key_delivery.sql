-- The KeyDelivery of an issued key: the protobuf key-forge publishes to provisioning, whose key is sealed with
-- HPKE to provisioning's public key (so it is safe at rest, like the response frame). Kept with the enrolment
-- so that it can be published again: on a repeated request, and by key-forge's sweep of enrolments still
-- KEY_ISSUED (a replica that died between recording and publishing). Written once, with the record.
-- In SQL that H2 and PostgreSQL both accept as is.
ALTER TABLE enrolment ADD COLUMN key_delivery BYTEA;

-- The sweep's query: enrolments in one state whose last change is older than some age, oldest first.
CREATE INDEX enrolment_by_state ON enrolment (state, updated_at);

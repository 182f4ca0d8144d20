/**
 * The registry's storage: one interface, {@link io.enrolgate.registry.store.RegistryStore}, on an
 * embedded H2 file (the default, for the one-process mode) or PostgreSQL (the distributed mode), built by
 * {@link io.enrolgate.registry.store.RegistryStoreBuilder}. One JDBC implementation serves both: the
 * schema ({@code db/registry}) and every statement are SQL both accept, and the one behaviour that needed
 * care, row locking for frame counters, uses {@code SELECT ... FOR UPDATE}, which both honour.
 */
package io.enrolgate.registry.store;

package io.camunda.community.backup.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code clusters[i].additional-databases[j]}: a database that belongs to the cluster's state but
 * that no Camunda backup API covers, such as Web Modeler's or Management Identity's (Keycloak's)
 * PostgreSQL. It is dumped under every set's backup ID after exporting is resumed (Zeebe's
 * exporter does not feed it, so it needs no pause), listed, verified and deleted with the set, and
 * restored with it.
 *
 * @param part the set's name for this database ({@code web-modeler}, {@code identity}): in the
 *     catalog, the restore plan and the dump path {@code <dump-directory>/<cluster>/<part>/}
 * @param database the connection and dump directory, as for a cluster's RDBMS secondary storage
 */
public record AdditionalDatabaseProperties(
    @NotNull
        @Pattern(regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?", message = "must be lower-case letters, digits and '-' (it names a directory and a part of the set)")
        String part,
    @NotNull @Valid DatabaseProperties database) {}

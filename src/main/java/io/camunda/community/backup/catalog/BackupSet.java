package io.camunda.community.backup.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that exists for one backup ID on one cluster, joined across its components, and what
 * it is worth as a restore point.
 *
 * <p>JSON shape (HTTP responses and process variables): {@code time} is an ISO-8601 instant or
 * null when unknown; {@code components} is keyed {@value #ZEEBE}, {@value #WEBAPPS}, {@value
 * #OPTIMIZE} (only when the cluster has Optimize) and {@value #ZEEBE_RECORDS}, in that order, or
 * {@value #ZEEBE} and {@value #DATABASE} for a cluster with RDBMS secondary storage, then one
 * {@code database:<part>} per additional database whose dump exists for the ID (a set taken before
 * the database was added has none, and is worth what its other parts are worth);
 * {@code reasons} is empty for a complete set.
 *
 * @param backupId the ID shared by all components
 * @param time when the backup was taken: the earliest timestamp any component reports, else the
 *     ID read as Unix seconds when that is a plausible date, else null
 * @param camundaVersion the version the set was taken with (and must be restored with), from the
 *     web-app or Optimize snapshot names or Zeebe's broker version; null when unknown
 * @param partitionCount number of Zeebe partitions in Zeebe's part; null when Zeebe has none
 * @param state what the set is worth as a restore point
 * @param components the status of each component's part
 * @param reasons for each component that keeps the set from {@link SetState#COMPLETE}, a short
 *     reason ("missing", "INCOMPLETE", "FAILED: ...", "IN_PROGRESS")
 * @param manifest whether the set's manifest is stored beside it: {@value #MANIFEST_PRESENT},
 *     {@value #MANIFEST_MISSING} (a complete set without one is flagged), {@value
 *     #MANIFEST_UNAVAILABLE} (the manifests could not be listed: nobody knows); omitted from JSON
 *     when not read
 * @param trigger how the backup was started, from its manifest: {@code manual}, {@code scheduled},
 *     or {@code unknown} (a set without a manifest, or one that does not say); omitted from JSON
 *     when not read
 * @param secondCopy whether the complete set's second copy ({@code second-location}) is whole;
 *     omitted from JSON for a cluster without a second location and for sets that are not complete
 */
public record BackupSet(
    long backupId,
    @JsonSerialize(using = InstantJson.Serializer.class) @JsonDeserialize(using = InstantJson.Deserializer.class)
        Instant time,
    String camundaVersion,
    Integer partitionCount,
    SetState state,
    Map<String, ComponentStatus> components,
    Map<String, String> reasons,
    @JsonInclude(JsonInclude.Include.NON_NULL) String manifest,
    @JsonInclude(JsonInclude.Include.NON_NULL) String trigger,
    @JsonInclude(JsonInclude.Include.NON_NULL) SecondCopyStatus secondCopy) {

  public static final String ZEEBE = "zeebe";
  public static final String WEBAPPS = "webapps";
  public static final String OPTIMIZE = "optimize";
  public static final String ZEEBE_RECORDS = "zeebeRecords";
  /** The database dump, in place of web apps and records snapshot on clusters with RDBMS storage. */
  public static final String DATABASE = "database";
  /** Prefix of the key of an additional database's dump ({@code database:web-modeler}). */
  public static final String ADDITIONAL_DATABASE_PREFIX = "database:";

  /** The components whose parts are snapshots of the search engine, in set order. */
  public static final java.util.List<String> SNAPSHOT_COMPONENTS = java.util.List.of(WEBAPPS, OPTIMIZE, ZEEBE_RECORDS);

  /** The component key of the additional database {@code part}. */
  public static String additionalDatabase(String part) {
    return ADDITIONAL_DATABASE_PREFIX + part;
  }

  /** The additional databases this set holds a dump of, in set order (not a JSON property). */
  public java.util.List<String> additionalDatabaseParts() {
    return components.keySet().stream().filter(key -> key.startsWith(ADDITIONAL_DATABASE_PREFIX))
        .map(key -> key.substring(ADDITIONAL_DATABASE_PREFIX.length())).toList();
  }

  public static final String MANIFEST_PRESENT = "PRESENT";
  public static final String MANIFEST_MISSING = "MISSING";
  public static final String MANIFEST_UNAVAILABLE = "UNAVAILABLE";

  /** A set whose manifest was not looked at. */
  public BackupSet(long backupId, Instant time, String camundaVersion, Integer partitionCount, SetState state,
      Map<String, ComponentStatus> components, Map<String, String> reasons) {
    this(backupId, time, camundaVersion, partitionCount, state, components, reasons, null, null);
  }

  /** A set whose second copy was not looked at. */
  public BackupSet(long backupId, Instant time, String camundaVersion, Integer partitionCount, SetState state,
      Map<String, ComponentStatus> components, Map<String, String> reasons, String manifest, String trigger) {
    this(backupId, time, camundaVersion, partitionCount, state, components, reasons, manifest, trigger, null);
  }

  /** The same set with its manifest's status and the trigger the manifest records. */
  public BackupSet withManifest(String manifest, String trigger) {
    return new BackupSet(backupId, time, camundaVersion, partitionCount, state, components, reasons, manifest, trigger, secondCopy);
  }

  /** The same set with the status of its second copy. */
  public BackupSet withSecondCopy(SecondCopyStatus secondCopy) {
    return new BackupSet(backupId, time, camundaVersion, partitionCount, state, components, reasons, manifest, trigger, secondCopy);
  }

  public static final String TRIGGER_UNKNOWN = "unknown";

  public BackupSet {
    components = ordered(components);
    reasons = ordered(reasons);
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** The status of one component, {@link ComponentStatus#missing()} when it has none. */
  public ComponentStatus component(String name) {
    return components.getOrDefault(name, ComponentStatus.missing());
  }
}

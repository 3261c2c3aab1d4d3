package io.camunda.community.backup.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Index names of a Camunda 8.8 installation on OpenSearch and small documents to fill them. */
final class SampleData {

  static final String SEED_VERSION = "8.8.0";
  static final int DOCUMENTS_PER_INDEX = 10;

  private static final long FIRST_KEY = 2251799813685249L;

  private SampleData() {}

  /** Web-app indices (Operate, Tasklist, harmonized), Optimize indices and exporter indices. */
  static List<String> seedIndices() {
    return List.of(
        "operate-import-position-8.3.0_",
        "operate-list-view-8.3.0_",
        "operate-variable-8.3.0_",
        "tasklist-task-8.8.0_",
        "camunda-user-8.8.0_",
        "optimize-process-instance-invoice_v8",
        "optimize-metadata_v3",
        zeebeRecordIndex("process", SEED_VERSION),
        zeebeRecordIndex("job", SEED_VERSION));
  }

  /** The Elasticsearch/OpenSearch exporter's index of today (UTC), e.g. zeebe-record_job_8.8.0_2025-06-03. */
  static String zeebeRecordIndex(String valueType, String version) {
    return "zeebe-record_%s_%s_%s".formatted(valueType, version, LocalDate.now(ZoneOffset.UTC));
  }

  static List<Map<String, Object>> documents(String index) {
    return IntStream.rangeClosed(1, DOCUMENTS_PER_INDEX).mapToObj(i -> document(index, i)).toList();
  }

  static Map<String, Object> zeebeRecord(
      String brokerVersion, int partitionId, long position, String valueType, String intent, Instant timestamp) {
    var record = new LinkedHashMap<String, Object>();
    record.put("partitionId", partitionId);
    record.put("position", position);
    record.put("key", FIRST_KEY + position);
    record.put("recordType", "EVENT");
    record.put("valueType", valueType);
    record.put("intent", intent);
    record.put("timestamp", timestamp.toEpochMilli());
    record.put("brokerVersion", brokerVersion);
    return record;
  }

  private static Map<String, Object> document(String index, int i) {
    long key = FIRST_KEY + i;
    if (index.startsWith("zeebe-record_job")) {
      return zeebeRecord(SEED_VERSION, 1, i, "JOB", "CREATED", Instant.now());
    }
    if (index.startsWith("zeebe-record_")) {
      return zeebeRecord(SEED_VERSION, 1, i, "PROCESS", "CREATED", Instant.now());
    }
    if (index.startsWith("operate-import-position")) {
      return Map.of("aliasName", "zeebe-record-" + i, "partitionId", i, "position", 100L * i);
    }
    if (index.startsWith("operate-list-view")) {
      return Map.of("key", key, "bpmnProcessId", "invoice", "state", i % 3 == 0 ? "COMPLETED" : "ACTIVE");
    }
    if (index.startsWith("operate-variable")) {
      return Map.of("key", key, "scopeKey", key, "name", "amount", "value", String.valueOf(i * 100));
    }
    if (index.startsWith("tasklist-task")) {
      return Map.of("key", key, "name", "Approve invoice " + i, "state", "CREATED");
    }
    if (index.startsWith("camunda-user")) {
      return Map.of("username", "user" + i, "name", "User " + i, "email", "user" + i + "@example.com");
    }
    if (index.startsWith("optimize-metadata")) {
      return Map.of("schemaVersion", SEED_VERSION, "installationId", "sandbox-" + i);
    }
    return Map.of("processInstanceId", String.valueOf(key), "processDefinitionKey", "invoice", "state", "COMPLETED");
  }
}

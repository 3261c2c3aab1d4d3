package io.camunda.community.backup.sandbox;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenSearch exporter: one {@code _bulk} request per batch into today's {@code zeebe-record}
 * index, with id {@code partitionId-position} as the real exporter uses, so a re-export
 * overwrites. Exported positions live in Zeebe only, so acknowledgements write nothing here.
 */
final class OpenSearchRecordSink implements RecordSink {

  private static final Logger LOG = LoggerFactory.getLogger(OpenSearchRecordSink.class);

  private final OpenSearchHttp openSearch;
  private final String version;

  OpenSearchRecordSink(OpenSearchHttp openSearch, String version) {
    this.openSearch = openSearch;
    this.version = version;
  }

  @Override
  public void write(List<ExportedRecord> records, Map<Integer, Long> acknowledged) {
    if (records.isEmpty()) {
      return;
    }
    var index = SampleData.zeebeRecordIndex("process", version);
    var bulk = new StringBuilder();
    for (var record : records) {
      var document =
          SampleData.zeebeRecord(version, record.partitionId(), record.position(), record.valueType(),
              record.intent(), record.timestamp());
      bulk.append("{\"index\":{\"_index\":\"%s\",\"_id\":\"%d-%d\"}}\n".formatted(index, record.partitionId(), record.position()));
      bulk.append(OpenSearchHttp.JSON.valueToTree(document).toString()).append('\n');
    }
    var result = openSearch.post("/_bulk", bulk.toString()).requireOk();
    if (result.path("errors").asBoolean()) {
      LOG.warn("Exporter could not write all records: {}", result);
      throw new IllegalStateException("OpenSearch rejected some of " + records.size() + " records");
    }
  }
}

package io.camunda.community.backup.metrics;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.config.ClusterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reads every cluster's catalog once after the worker started, in the background, so the restorable
 * window's gauges ({@link CatalogMetrics}) exist from the first scrape on. Without it they appear
 * only at the next housekeeping run or backup (up to an hour later), and an alert on the newest
 * complete backup's age sees no series at all in between: silence, not an alarm. A listing that
 * cannot be read sets {@code c8backup_catalog_readable} to 0, which has its own alert.
 *
 * <p>Off with {@code backup-orchestrator.metrics.read-catalogs-at-start: false}; commands never read.
 */
@Component
@ConditionalOnProperty(name = "backup-orchestrator.command-mode", havingValue = "false", matchIfMissing = true)
public class CatalogReadAtStart {

  public static final String PROPERTY = "backup-orchestrator.metrics.read-catalogs-at-start";
  private static final Logger LOG = LoggerFactory.getLogger(CatalogReadAtStart.class);

  private final BackupCatalog catalog;
  private final ClusterRegistry clusters;
  private final boolean enabled;

  public CatalogReadAtStart(BackupCatalog catalog, ClusterRegistry clusters,
      @Value("${" + PROPERTY + ":true}") boolean enabled) {
    this.catalog = catalog;
    this.clusters = clusters;
    this.enabled = enabled;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void readCatalogs() {
    if (!enabled) {
      return;
    }
    // One cluster after the other, off the startup thread: at most one listing per cluster at a time.
    Thread.ofVirtual().name("catalog-read-at-start").start(() -> {
      for (String cluster : clusters.names()) {
        try {
          catalog.read(cluster);
        } catch (RuntimeException e) {
          LOG.warn("Reading the catalog of cluster '{}' at start failed; its gauges wait for the next housekeeping run: {}",
              cluster, e.getMessage());
        }
      }
    });
  }
}

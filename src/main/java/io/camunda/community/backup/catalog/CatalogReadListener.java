package io.camunda.community.backup.catalog;

/** Told of every read of a cluster's catalog, complete or not (metrics keep the restorable window from it). */
public interface CatalogReadListener {

  void catalogRead(CatalogRead read);
}

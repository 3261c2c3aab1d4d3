package io.camunda.community.backup.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Whether a set's second copy ({@code second-location}) is whole, as the catalog shows it. Read
 * from listings (sizes, and the repository registered over the copy); the replication step also
 * compares SHA-256.
 *
 * @param state {@value #COMPLETE}, {@value #MISSING} (files, or snapshots the second repository
 *     should list, are not there), {@value #DAMAGED} (a file there has another size than the
 *     original) or {@value #UNAVAILABLE} (a place could not be read: nobody knows)
 * @param detail what is missing or damaged, or why nothing could be read; omitted when complete
 */
public record SecondCopyStatus(String state, @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {

  public static final String COMPLETE = "COMPLETE";
  public static final String MISSING = "MISSING";
  public static final String DAMAGED = "DAMAGED";
  public static final String UNAVAILABLE = "UNAVAILABLE";
}

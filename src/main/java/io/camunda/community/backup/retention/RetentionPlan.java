package io.camunda.community.backup.retention;

import java.util.List;
import java.util.Map;

/**
 * What one retention run does: a decision for every set, or a refusal that deletes nothing.
 *
 * @param decisions one per set, newest first; none deletes when {@code refused}
 * @param refusal why nothing at all is deleted (the catalog could not be read completely), or
 *     null when the plan may be applied
 * @param unavailable the component listings that could not be read, with the reason
 * @param deferred sets the policy would delete but the per-run cap keeps for a later run
 */
public record RetentionPlan(List<RetentionDecision> decisions, String refusal, Map<String, String> unavailable, int deferred) {

  public RetentionPlan {
    decisions = List.copyOf(decisions);
    unavailable = unavailable == null ? Map.of() : Map.copyOf(unavailable);
  }

  public boolean refused() {
    return refusal != null;
  }

  public List<RetentionDecision> deletions() {
    return decisions.stream().filter(RetentionDecision::delete).toList();
  }

  public List<RetentionDecision> kept() {
    return decisions.stream().filter(d -> !d.delete()).toList();
  }
}

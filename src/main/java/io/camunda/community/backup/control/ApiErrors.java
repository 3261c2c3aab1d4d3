package io.camunda.community.backup.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.camunda.community.backup.config.ConfiguredSecrets;
import io.camunda.community.backup.config.UnknownClusterException;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import io.camunda.community.backup.manifest.ManifestNotFoundException;
import io.camunda.community.backup.manifest.ManifestUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebInputException;

/**
 * One error body for every refusal of the HTTP API: {@code {"error", "field", "fix"}}. Bad input is
 * answered 400 before any process starts; an unknown cluster 404. No text leaves with a configured
 * credential in it ({@link ConfiguredSecrets}).
 */
@RestControllerAdvice(assignableTypes = BackupController.class)
class ApiErrors {

  private final ConfiguredSecrets secrets;

  ApiErrors(ConfiguredSecrets secrets) {
    this.secrets = secrets;
  }

  /** What the API answers when it refuses a request; {@code field} is null when no single field is at fault. */
  public record ErrorBody(String error, String field, String fix) {}

  static final String BODY_EXAMPLE = "{\"backupId\": 1767225600, \"note\": \"before the upgrade\"}";

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<ErrorBody> invalid(InvalidRequestException e) {
    return badRequest(e.field(), e.error(), e.fix());
  }

  @ExceptionHandler(UnknownClusterException.class)
  ResponseEntity<ErrorBody> unknownCluster(UnknownClusterException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(body(e.getMessage(), "clusterName", "use the name of a configured cluster in the path /api/clusters/{clusterName}/..."));
  }

  @ExceptionHandler(RunNotFoundException.class)
  ResponseEntity<ErrorBody> runNotFound(RunNotFoundException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body(e.getMessage(), "processInstanceKey",
        "use the processInstanceKey the start request answered, under the cluster it was started for; a run started a moment"
            + " ago shows after the control cluster exported it (a second or two), so ask again"));
  }

  @ExceptionHandler(ManifestNotFoundException.class)
  ResponseEntity<ErrorBody> manifestNotFound(ManifestNotFoundException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body(e.getMessage(), "backupId",
        "use a backup ID whose catalog entry shows \"manifest\": \"PRESENT\"; sets taken before manifests existed have none"));
  }

  @ExceptionHandler(ManifestUnavailableException.class)
  ResponseEntity<ErrorBody> manifestUnavailable(ManifestUnavailableException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
        .body(body(e.getMessage(), null, "check the cluster's snapshot repository or dump directory, then ask again"));
  }

  @ExceptionHandler(RunStatusUnavailableException.class)
  ResponseEntity<ErrorBody> statusUnavailable(RunStatusUnavailableException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
        .body(body(e.getMessage(), null, "ask again in a few seconds; if it persists, check the control cluster's REST API and secondary storage"));
  }

  /** A body that breaks a rule of {@link RequestBodies} (negative ID, note too long). */
  @ExceptionHandler(WebExchangeBindException.class)
  ResponseEntity<ErrorBody> constraint(WebExchangeBindException e) {
    FieldError first = e.getFieldErrors().stream().min(Comparator.comparing(FieldError::getField)).orElse(null);
    if (first == null) {
      return badRequest("body", e.getReason(), "send a JSON object such as " + BODY_EXAMPLE);
    }
    String field = first.getField();
    return badRequest(field, RequestBodies.error(field, first.getDefaultMessage(), first.getRejectedValue()), RequestBodies.fix(field));
  }

  /** A body that is not JSON, has an unknown field or a value of the wrong type; a bad query parameter. */
  @ExceptionHandler(ServerWebInputException.class)
  ResponseEntity<ErrorBody> unreadable(ServerWebInputException e) {
    if (e.getCause() instanceof TypeMismatchException mismatch) {
      MethodParameter parameter = e.getMethodParameter();
      String name = parameter != null && parameter.getParameterName() != null ? parameter.getParameterName() : mismatch.getPropertyName();
      return badRequest(name, name + " must be " + article(mismatch.getRequiredType()) + ", got '" + mismatch.getValue() + "'",
          "dryRun".equals(name) ? "use dryRun=true or dryRun=false" : "give a value of the right type");
    }
    JsonProcessingException json = cause(e, JsonProcessingException.class);
    if (json instanceof UnrecognizedPropertyException unknown) {
      String known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
      return badRequest(unknown.getPropertyName(), "unknown field '" + unknown.getPropertyName() + "'",
          "remove it; the fields are: " + known);
    }
    if (json instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      String field = path(mismatch);
      return badRequest(field, field + " has the wrong type or is out of range: " + json.getOriginalMessage().lines().findFirst().orElse(""),
          "backupId".equals(field) ? "give backupId as a JSON whole number without quotes, e.g. 1767225600, or leave it out"
              : "note".equals(field) ? "give note as a JSON string" : RequestBodies.fix(field));
    }
    if (json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = path(mapping);
      return badRequest(field, field + " is not valid: " + json.getOriginalMessage().lines().findFirst().orElse(""), RequestBodies.fix(field));
    }
    if (json != null) {
      return badRequest("body", "the request body is not a valid JSON object: " + json.getOriginalMessage().lines().findFirst().orElse(""),
          "send a JSON object such as " + BODY_EXAMPLE + ", or no body");
    }
    return badRequest("body", e.getReason(), "send a JSON object such as " + BODY_EXAMPLE + ", or no body");
  }

  private ResponseEntity<ErrorBody> badRequest(String field, String error, String fix) {
    return ResponseEntity.badRequest().body(body(error, field, fix));
  }

  private ErrorBody body(String error, String field, String fix) {
    return new ErrorBody(secrets.mask(error), field, secrets.mask(fix));
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static String article(Class<?> type) {
    return type == null ? "of another type" : (type == boolean.class || type == Boolean.class) ? "true or false" : "a " + type.getSimpleName();
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

package dev.larder.server.api.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.server.api.StatusMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns failures of REST calls into a status and a JSON body {@code {"error": {"code",
 * "message"}}}, through {@link StatusMapper} so REST and gRPC classify errors alike.
 */
@RestControllerAdvice(assignableTypes = {ServingController.class, TrainingSetController.class})
public class RestErrors {

  private static final Logger log = LoggerFactory.getLogger(RestErrors.class);

  @ExceptionHandler(HttpMessageNotReadableException.class)
  public ResponseEntity<ObjectNode> unreadable(HttpMessageNotReadableException e) {
    return body(
        StatusMapper.Outcome.INVALID_ARGUMENT,
        "the request body is not valid JSON: " + e.getMostSpecificCause().getMessage());
  }

  @ExceptionHandler(Throwable.class)
  public ResponseEntity<ObjectNode> failed(Throwable t) {
    StatusMapper.Outcome outcome = StatusMapper.outcome(t);
    if (outcome == StatusMapper.Outcome.INTERNAL) {
      log.error("REST request failed", StatusMapper.unwrap(t));
    }
    return body(outcome, StatusMapper.message(t));
  }

  private static ResponseEntity<ObjectNode> body(StatusMapper.Outcome outcome, String message) {
    return ResponseEntity.status(outcome.httpStatus()).body(errorBody(outcome, message));
  }

  /** The JSON body of a failed REST call: {@code {"error": {"code", "message"}}}. */
  static ObjectNode errorBody(StatusMapper.Outcome outcome, String message) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", outcome.grpcCode().name());
    error.put("message", message);
    return root;
  }
}

package dev.larder.server.api.rest;

import dev.larder.server.api.StatusMapper;
import dev.larder.server.metrics.ServingMetrics;
import dev.larder.server.resilience.AdmissionLimit;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sheds REST reads before any work is done on them: ahead of the controller (before the body is
 * read or parsed), a request asks the {@link AdmissionLimit} for a place and is answered 429 with
 * the usual JSON error body at once when there is none. An admitted request keeps its place until
 * its asynchronous answer is written. The time the request arrived is the request attribute {@link
 * #RECEIVED_NANOS}, so that the store's deadline counts its whole time in the server. Register it
 * for the read path only. Thread-safe.
 */
public final class AdmissionFilter extends OncePerRequestFilter {

  /** The request attribute holding when the request arrived, a {@link System#nanoTime()} long. */
  public static final String RECEIVED_NANOS = "larder.received-nanos";

  private final AdmissionLimit admission;
  private final ServingMetrics metrics;

  public AdmissionFilter(AdmissionLimit admission, ServingMetrics metrics) {
    this.admission = admission;
    this.metrics = metrics;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long received = System.nanoTime();
    AdmissionLimit.Permit permit = admission.tryAdmit();
    if (permit == null) {
      StatusMapper.Outcome outcome = StatusMapper.Outcome.RESOURCE_EXHAUSTED;
      response.setStatus(outcome.httpStatus());
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response
          .getWriter()
          .write(RestErrors.errorBody(outcome, admission.refusal().getMessage()).toString());
      metrics.recordRequest(
          "rest", "get_online_features", outcome.label(), System.nanoTime() - received);
      return;
    }
    request.setAttribute(RECEIVED_NANOS, received);
    Place place = new Place(permit);
    try {
      chain.doFilter(request, response);
    } finally {
      if (request.isAsyncStarted()) {
        request.getAsyncContext().addListener(place);
      } else {
        place.release();
      }
    }
  }

  /** An admitted request's place, given back once when its answer is done, however it ends. */
  private record Place(AdmissionLimit.Permit permit) implements AsyncListener {

    void release() {
      permit.release();
    }

    @Override
    public void onComplete(AsyncEvent event) {
      release();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      release();
    }

    @Override
    public void onError(AsyncEvent event) {
      release();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // A new async cycle of the same request keeps the place; its end releases it.
      event.getAsyncContext().addListener(this);
    }
  }
}

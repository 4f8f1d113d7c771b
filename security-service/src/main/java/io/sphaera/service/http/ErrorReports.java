package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sphaera.service.store.ErrorEvent;
import io.sphaera.service.store.ErrorEventType;
import io.sphaera.service.store.InvalidInputException;
import io.sphaera.service.store.ReportedErrorEvent;
import io.sphaera.service.store.ServiceStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Error reports: a device uploads events (app crashes, exits, failed updates) with counts and time ranges over
 * mutual TLS, so the report is known to come from the device its certificate names; its tenant reads them back.
 */
final class ErrorReports {
    static final String UPLOAD = "/v1/device/errorreports";

    private ErrorReports() {
    }

    /** POST /v1/device/errorreports {"Events": [{EventType, EventClass, EventCategory, Description, Count, Start, End}]}. */
    static JsonNode upload(ApiRequest request, ServiceStore store) throws ApiException {
        String device = request.device().orElseThrow(() -> new ApiException(HttpResponseStatus.UNAUTHORIZED, "Unauthorized",
                "an error report needs the device certificate attestation gave, presented in the TLS handshake"));
        JsonNode events = request.body() == null ? null : request.body().get("Events");
        if (events == null || !events.isArray()) {
            throw ApiException.badRequest("the body needs an array Events");
        }
        if (events.size() > ServiceStore.MAX_ERROR_EVENTS_PER_REPORT) {
            throw ApiException.badRequest("a report holds at most " + ServiceStore.MAX_ERROR_EVENTS_PER_REPORT + " events");
        }
        List<ErrorEvent> parsed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            parsed.add(event(events.get(i), i));
        }
        int kept = store.recordErrorEvents(device, parsed);
        return ServiceHandler.JSON.createObjectNode().put("Accepted", kept);
    }

    private static ErrorEvent event(JsonNode e, int i) throws ApiException {
        String where = "Events[" + i + "]";
        ErrorEventType type = ErrorEventType.fromName(e.path("EventType").asText(""))
                .orElseThrow(() -> ApiException.badRequest(where + ".EventType is Planned or Unplanned"));
        JsonNode count = e.get("Count");
        if (count == null || !count.canConvertToInt()) {
            throw ApiException.badRequest(where + ".Count must be a whole number");
        }
        try {
            return new ErrorEvent(type, e.path("EventClass").asText(""), e.path("EventCategory").asText(""),
                    e.path("Description").asText(""), count.asInt(), Instant.parse(e.path("Start").asText("")),
                    Instant.parse(e.path("End").asText("")));
        } catch (DateTimeParseException ex) {
            throw ApiException.badRequest(where + ": Start and End are ISO-8601 instants");
        } catch (InvalidInputException ex) {
            throw ApiException.badRequest(where + ": " + ex.getMessage());
        }
    }

    static ObjectNode document(ReportedErrorEvent r) {
        ObjectNode out = ServiceHandler.JSON.createObjectNode().put("DeviceId", r.deviceId()).put("ReportedAt", r.reportedAt().toString());
        ErrorEvent e = r.event();
        out.put("EventType", e.eventType().platformName()).put("EventClass", e.eventClass()).put("EventCategory", e.eventCategory())
                .put("Description", e.description()).put("EventCount", e.count()).put("StartTimestamp", e.start().toString())
                .put("EndTimestamp", e.end().toString());
        return out;
    }

}

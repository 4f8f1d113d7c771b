package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * One column of a listing: its table header, its CSV header (the service document's field name) and how a service
 * document gives its value ("" when absent).
 */
record Column(String header, String key, Function<JsonNode, String> value) {
    /** A top-level field of the document. */
    static Column field(String header, String field) {
        return new Column(header, field, doc -> doc.hasNonNull(field) ? text(doc.get(field)) : "");
    }

    /** A field of an object inside the document, e.g. LastAttestation.At, with CSV header LastAttestationAt. */
    static Column nested(String header, String object, String field) {
        return new Column(header, object + field, doc -> doc.path(object).hasNonNull(field) ? text(doc.path(object).get(field)) : "");
    }

    /**
     * A value as one cell. An array (a deployment's ImageIds) is its elements joined with spaces: asText() gives ""
     * for it, which a table showed as "-" and CSV as an empty field.
     */
    private static String text(JsonNode value) {
        if (!value.isArray()) {
            return value.asText();
        }
        StringJoiner joined = new StringJoiner(" ");
        value.forEach(element -> joined.add(text(element)));
        return joined.toString();
    }
}

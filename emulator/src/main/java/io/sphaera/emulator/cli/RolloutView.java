package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deployment's staged rollout as `device-group deployment show|resume` print the service's rollout document: for
 * people, its state, threshold and paused reason, then one row per stage; JSON, the document itself; CSV, one row per
 * stage (with the deployment's ID, so that rows of several deployments can be put together).
 */
final class RolloutView {
    static final List<Column> SUMMARY = List.of(Column.field("DEPLOYMENT", "DeploymentId"), Column.field("DEVICE GROUP", "DeviceGroupId"),
            Column.field("STATE", "State"), Column.field("FAILURE THRESHOLD", "FailureThreshold"),
            Column.field("PAUSED REASON", "PausedReason"), Column.field("DEVICES", "Devices"),
            new Column("REACHED STAGES", "ReachedStages", RolloutView::reached), Column.field("CHANGED", "Changed"));
    static final List<Column> STAGES = List.of(Column.field("DEPLOYMENT", "DeploymentId"), Column.field("STAGE", "Stage"),
            Column.field("FRACTION", "Fraction"), Column.field("DEVICES", "Devices"), Column.field("INSTALLED", "Installed"),
            Column.field("FAILED", "Failed"), Column.field("STATE", "State"));

    private RolloutView() {
    }

    /**
     * Prints a rollout document in the chosen format.
     *
     * @param resumeAdvice for a table of a paused rollout, the command that resumes it; null for none
     */
    static void print(PrintWriter out, OutputOption output, JsonNode rollout, String resumeAdvice) {
        if (output.human()) {
            List<Column> summary = SUMMARY.stream().filter(c -> !c.key().equals("PausedReason") || rollout.hasNonNull("PausedReason")).toList();
            output.printOne(out, summary, rollout);
            out.println();
            TextTable table = new TextTable("STAGE", "FRACTION", "DEVICES", "INSTALLED", "FAILED", "STATE");
            for (JsonNode s : stages(rollout)) {
                table.row(cell(s, "Stage"), cell(s, "Fraction"), cell(s, "Devices"), cell(s, "Installed"), cell(s, "Failed"), cell(s, "State"));
            }
            table.print(out, "");
            if (resumeAdvice != null && rollout.path("State").asText().equals("Paused")) {
                out.println();
                out.println("Paused: once the cause is fixed, resume it with: " + resumeAdvice);
            }
        } else if (output.output.strip().toLowerCase(Locale.ROOT).equals("json")) {
            output.printOne(out, SUMMARY, rollout);
        } else {
            output.printList(out, STAGES, stages(rollout), "stage");
        }
    }

    /** The stages, each with the deployment's ID, as CSV rows. */
    private static List<JsonNode> stages(JsonNode rollout) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode s : rollout.path("Stages")) {
            ObjectNode row = s.deepCopy();
            row.set("DeploymentId", rollout.path("DeploymentId"));
            rows.add(row);
        }
        return rows;
    }

    private static String cell(JsonNode stage, String field) {
        return stage.hasNonNull(field) ? stage.get(field).asText() : "";
    }

    /** "1 of 3". */
    private static String reached(JsonNode rollout) {
        if (!rollout.hasNonNull("ReachedStages")) {
            return "";
        }
        return rollout.get("ReachedStages").asText() + " of " + rollout.path("Stages").size();
    }
}

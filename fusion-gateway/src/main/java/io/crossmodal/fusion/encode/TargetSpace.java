package io.crossmodal.fusion.encode;

import io.crossmodal.servicekit.grpc.GrpcErrors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of an Encode request's target_spaces: its id and its position in the request (for field paths).
 *
 * @param index position in the request's target_spaces
 * @param id    the space id, "&lt;model&gt;@&lt;version&gt;#&lt;preprocessing_revision&gt;"
 */
record TargetSpace(int index, String id) {

    private static final Pattern ID = Pattern.compile("^[^@#\\s]+@[^@#\\s]+#[^@#\\s]+$");

    String field() {
        return "target_spaces[" + index + "]";
    }

    /**
     * The request's target spaces, each once (a repeated id would only return the same vector twice). Malformed
     * ids and too many entries are added to {@code violations}: they are wrong whatever the contents, so they fail
     * the call before any encoder is asked.
     */
    static List<TargetSpace> parse(List<String> ids, int max, List<GrpcErrors.FieldViolation> violations) {
        if (ids.size() > max) {
            violations.add(new GrpcErrors.FieldViolation(
                    "target_spaces", ids.size() + " target spaces exceed the limit of " + max + " per call"));
        }
        List<TargetSpace> targets = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int k = 0; k < ids.size(); k++) {
            String id = ids.get(k);
            if (!ID.matcher(id).matches()) {
                violations.add(new GrpcErrors.FieldViolation(
                        "target_spaces[" + k + "]",
                        "'" + id + "' is not a space id of the form <model>@<version>#<revision> (see ListModels)"));
            } else if (seen.add(id)) {
                targets.add(new TargetSpace(k, id));
            }
        }
        return targets;
    }
}

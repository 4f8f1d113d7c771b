package io.sphaera.service.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sphaera.firmware.signing.Sha256;
import io.sphaera.service.store.DeviceIds;
import io.sphaera.service.store.RolloutPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which devices each stage holds: a stable order drawn from the IDs alone, cut at ceil(fraction x n). */
class RolloutStagesTest {
    private static final UUID DEPLOYMENT = UUID.fromString("6f1c2a4e-0b7d-4c51-9d0e-3a2b1c4d5e6f");

    @Test
    void twentyDevicesGoTwoThenEightThenTen() {
        RolloutStages s = RolloutStages.of(DEPLOYMENT, RolloutPlan.DEFAULT, DeviceIds.of(20, 1));
        assertEquals(List.of(2, 8, 10), List.of(s.devices(1).size(), s.devices(2).size(), s.devices(3).size()));
        assertEquals(2, s.reached(1).size());
        assertEquals(10, s.reached(2).size());
        assertEquals(20, s.reached(3).size());
        assertEquals(20, s.devices());
        assertEquals(3, s.stageCount());
        for (int k = 1; k <= 3; k++) {
            for (String d : s.devices(k)) {
                assertEquals(k, s.stageOf(d));
            }
        }
        assertEquals(0, s.stageOf("00".repeat(64)), "not in the group");
    }

    @Test
    void theOrderIsTheSha256OfDeploymentAndDeviceIdsWhateverOrderTheDevicesAreListedIn() {
        List<String> ids = DeviceIds.of(50, 2);
        List<String> expected = new ArrayList<>(ids);
        expected.sort((a, b) -> java.util.Arrays.compareUnsigned(key(a), key(b)));
        assertEquals(expected, RolloutStages.order(DEPLOYMENT, ids));
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new java.util.Random(3));
        assertEquals(expected, RolloutStages.order(DEPLOYMENT, shuffled), "claim order does not matter");
        List<String> twice = new ArrayList<>(ids);
        twice.addAll(ids);
        assertEquals(expected, RolloutStages.order(DEPLOYMENT, twice), "a device is listed once");
        assertEquals(RolloutStages.of(DEPLOYMENT, RolloutPlan.DEFAULT, ids).devices(1),
                RolloutStages.of(DEPLOYMENT, RolloutPlan.DEFAULT, shuffled).devices(1));
    }

    @Test
    void anotherDeploymentPutsOtherDevicesFirst() {
        List<String> ids = DeviceIds.of(20, 4);
        List<String> first = RolloutStages.of(DEPLOYMENT, RolloutPlan.DEFAULT, ids).devices(1);
        int differ = 0;
        for (int i = 0; i < 10; i++) {
            UUID other = new UUID(i, 42);
            if (!new HashSet<>(RolloutStages.of(other, RolloutPlan.DEFAULT, ids).devices(1)).equals(new HashSet<>(first))) {
                differ++;
            }
        }
        assertNotEquals(0, differ, "the first stage is not always the same devices");
    }

    @Test
    void smallGroupsAndEmptyStages() {
        RolloutStages one = RolloutStages.of(DEPLOYMENT, RolloutPlan.DEFAULT, DeviceIds.of(1, 5));
        assertEquals(List.of(1, 0, 0), List.of(one.devices(1).size(), one.devices(2).size(), one.devices(3).size()),
                "a one-device group's first stage holds its device; the others add nobody");
        RolloutStages none = RolloutStages.of(DEPLOYMENT, RolloutPlan.DEFAULT, List.of());
        assertEquals(0, none.reached(3).size());
        assertEquals(0, none.devices());
    }

    private static byte[] key(String device) {
        return Sha256.of((DEPLOYMENT + device).getBytes(StandardCharsets.US_ASCII));
    }
}

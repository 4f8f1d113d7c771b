package io.sphaera.service.store;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The victim of {@link StoreCrashTest}: run in its own JVM, it writes to a store without end and prints one line
 * per operation only after the store has returned (committed) it, until the test kills it with SIGKILL.
 *
 * <p>Lines: {@code tenant <id> <name>}, {@code product <tenant> <id> <defaults>}, {@code device <tenant> <id>},
 * {@code moved <tenant> <device> <group>}, {@code image <tenant> <id> <sha256> <size>},
 * {@code deployment <tenant> <group> <id> <image>}.
 */
public final class StoreCrashWriter {
    private StoreCrashWriter() {}

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
        try (ServiceStore store = ServiceStore.open(dataDir, new TickingClock(), random.split())) {
            ack("ready");
            for (int i = 0; ; i++) {
                Tenant t = store.createTenant("Tenant " + i);
                ack("tenant " + t.id() + " " + t.name());
                boolean defaults = i % 2 == 0;
                Product p = store.createProduct(t.id(), "Product " + i, "made before a crash", defaults);
                ack("product " + t.id() + " " + p.id() + " " + defaults);
                String device = DeviceIds.next(random);
                store.claimDevice(t.id(), device);
                ack("device " + t.id() + " " + device);
                DeviceGroup group = null;
                if (defaults) {
                    group = store.deviceGroups(t.id(), p.id(), PageRequest.first(1)).items().get(0);
                    store.moveDevice(t.id(), device, group.id());
                    ack("moved " + t.id() + " " + device + " " + group.id());
                }
                if (i % 3 == 0) {
                    byte[] bytes = new byte[1024 + random.nextInt(64 * 1024)];
                    random.nextBytes(bytes);
                    ImageRecord record = StoreTestData.imageRecord(StoreTestData.uuid(random), bytes);
                    store.addImage(t.id(), record, bytes);
                    ack("image " + t.id() + " " + record.imageId() + " " + record.sha256() + " " + record.size());
                    if (group != null) {
                        Deployment d = store.createDeployment(t.id(), group.id(), List.of(record.imageId()));
                        ack("deployment " + t.id() + " " + group.id() + " " + d.id() + " " + record.imageId());
                    }
                }
            }
        }
    }

    private static void ack(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

package io.sphaera.emulator.cli;

import io.netty.channel.EventLoopGroup;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.emulator.vendor.WorkspaceException;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.service.SecurityService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts the security service for a workspace: its vendor root, manufacturing CA and every OS release it holds. */
final class EmbeddedService {
    private EmbeddedService() {
    }

    /**
     * The store's committer: one thread at most, gone after a second idle, so a process that starts services one
     * after another (tests) keeps none of them.
     */
    private static java.util.concurrent.ScheduledExecutorService storeCommitter() {
        // seam: the real-time service's store commits on a thread (and timer) of their own, so its event loops never wait on fsync
        java.util.concurrent.ScheduledThreadPoolExecutor committer = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name(COMMITTER_THREAD, 0).daemon().factory());
        committer.setKeepAliveTime(1, java.util.concurrent.TimeUnit.SECONDS);
        committer.allowCoreThreadTimeOut(true);
        return committer;
    }

    static final String COMMITTER_THREAD = "sphaera-store-commit-";

    static SecurityService start(Workspace w, Path dataDir, InetSocketAddress address, CliContext context, EventLoopGroup loops) {
        try {
            Map<String, List<byte[]>> releases = new HashMap<>();
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(w.root().resolve("os"))) {
                for (Path v : versions) {
                    SystemRelease release = w.release(v.getFileName().toString());
                    List<byte[]> images = release.imagesInBootOrder();
                    releases.put(release.version(), images);
                }
            }
            return SecurityService.start(new SecurityService.Config(dataDir, w.vendor().root(),
                    w.vendor().manufacturingCa().certificateDer(), releases, address, w.vendor().productionImagesKey(),
                    List.of(w.trustedKeyStoreImage())), context.clock(),
                    context.random(), loops, loops, storeCommitter(), SecurityService.ATTESTATION_COMMIT_GATHER);
        } catch (WorkspaceException | IOException e) {
            throw CliFailure.invalidInput("cannot start the security service: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.invalidInput("interrupted while starting the security service");
        } catch (io.sphaera.service.store.StoreException e) {
            throw CliFailure.invalidInput("cannot open the security service's data in " + dataDir + ": " + e.getMessage(), e);
        } catch (io.netty.channel.ChannelException e) {
            throw CliFailure.invalidInput("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }
}

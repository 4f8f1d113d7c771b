package io.sphaera.emulator.cli;

import io.netty.channel.DefaultEventLoop;
import io.sphaera.emulator.console.ControlClient;
import io.sphaera.emulator.console.ControlException;
import io.sphaera.emulator.console.ControlServer;
import io.sphaera.emulator.console.RunningDevice;
import io.sphaera.emulator.device.DeviceFolder;
import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.os.A7Runtime;
import io.sphaera.emulator.os.AppLog;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.emulator.vendor.WorkspaceException;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.pluton.boot.BootReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera device run`: one device in the foreground, in real time, until Ctrl-C or --for: its boot, its app's log and
 * the OS's lines as they come, and a control channel through which `sphaera device app|gpio|button` reach it.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Boot a device and run it in the foreground, in real time, printing its boot, its app's log and the"
                + " OS's lines until Ctrl-C (or --for).",
                "While it runs, other commands reach it: device app start|stop|show-status, device gpio show,"
                        + " device button press|release A|B."})
final class DeviceRunCommand implements Runnable {
    private final CliContext context;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix (default: the only device).")
    String device;

    @Option(names = "--board", paramLabel = "FILE",
            description = "The board description (JSON, docs/peripherals.md) wired to the chip's pins (default: the MT3620 RDB).")
    java.nio.file.Path boardFile;

    @Option(names = "--uart", paramLabel = "ISUn=pty|tcp[:PORT]",
            description = "Put an ISU's UART on the host: a pseudo-terminal (screen /dev/pts/N) or a loopback TCP socket (nc 127.0.0.1 PORT). Repeatable; the ISU must be free on the board.")
    java.util.List<String> uarts = new java.util.ArrayList<>();

    @Option(names = "--for", paramLabel = "DURATION", description = "Power off after this long: 10s, 5m, 2h or PT1M (default: until Ctrl-C).")
    String runFor;

    DeviceRunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        Duration span = runFor == null ? null : RunDuration.parse(runFor);
        io.sphaera.peripherals.board.BoardDescription description = BoardOption.read(boardFile);
        java.util.List<UartBridgeOption> uartOptions = uarts.stream().map(UartBridgeOption::parse).toList();
        if (uartOptions.stream().map(UartBridgeOption::isu).distinct().count() < uartOptions.size()) {
            throw new CliFailure(ExitCode.USAGE, "--uart names an ISU twice");
        }
        Workspace w = workspace.open();
        Path dir = DeviceAccess.folderOf(w, device);
        try {
            ControlClient.ask(dir, "app-status", io.sphaera.emulator.console.ControlEndpoint.JSON_FACTORY.objectNode());
            throw CliFailure.invalidInput("the device is already running (another `sphaera device run` serves it)");
        } catch (ControlException notRunning) {
            // as it should be
        }
        DefaultEventLoop loop = new DefaultEventLoop(); // seam: a device running in real time runs on one event loop
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // seam: Ctrl-C ends the run cleanly: the app stopped, the control file withdrawn, the flash closed
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "device-run-stop");
        DeviceFolder folder = null;
        java.util.List<io.sphaera.peripherals.host.SerialBridge> bridges = new java.util.ArrayList<>();
        try {
            DeviceSeams seams = new DeviceSeams(context.clock(), loop, context.random(), context.ticker());
            folder = DeviceFolder.open(dir, seams, FlashWriteGate.NONE);
            Mt3620Device d = folder.device();
            Mt3620Peripherals chip = new Mt3620Peripherals();
            io.sphaera.peripherals.board.Board board = io.sphaera.peripherals.board.Board.attach(description, chip);
            java.util.List<String> uartLines = new java.util.ArrayList<>();
            for (UartBridgeOption u : uartOptions) {
                io.sphaera.peripherals.host.SerialBridge bridge = u.open();
                bridges.add(bridge);
                try {
                    board.connectSerial(u.isu(), bridge.line());
                } catch (IllegalStateException e) {
                    throw CliFailure.invalidInput("--uart ISU" + u.isu() + ": " + e.getMessage(), e);
                }
                uartLines.add("UART ISU" + u.isu() + ": " + bridge.where());
            }
            // The OS starts the app as the boot ends, before the report is printed: its first lines wait for it.
            java.util.List<String> early = new java.util.ArrayList<>();
            boolean[] live = {false};
            java.util.function.Consumer<String> console = line -> {
                synchronized (early) {
                    if (live[0]) {
                        print(line);
                    } else {
                        early.add(line);
                    }
                }
            };
            AppLog appLog = new AppLog(line -> console.accept("  [app] " + line));
            A7Runtime os = new A7Runtime(d, chip, appLog, line -> console.accept("  [os]  " + line));
            // Bytes from the host on a UART: the app's wait looks at its descriptors again, on the device's loop.
            bridges.forEach(b -> b.onInput(() -> loop.execute(os::peripheralEvent)));
            os.onRealTimeConsole(line -> console.accept("  [rt]  " + line));
            d.run(os);
            print("Device " + folder.id() + ": power on");
            BootReport report;
            try {
                report = d.powerOn().get(1, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw CliFailure.invalidInput("the device cannot boot: " + e.getCause().getMessage(), e);
            } catch (TimeoutException e) {
                throw CliFailure.invalidInput("the device did not finish booting within a minute", e);
            }
            synchronized (context.out()) {
                BootReportView.print(report, context.out());
                context.out().flush();
            }
            uartLines.forEach(this::print);
            synchronized (early) {
                early.forEach(this::print);
                live[0] = true;
            }
            Runtime.getRuntime().addShutdownHook(hook);
            try (ControlServer control = ControlServer.start(dir, context.random(), new RunningDevice(d, board, os, stop::countDown))) {
                print("Running" + (span == null ? " until Ctrl-C" : " for " + span) + "; control port " + control.port()
                        + " (sphaera device app show-status, device gpio show, device led show, device button press A, device power-off)");
                if (span == null) {
                    stop.await();
                } else {
                    stop.await(span.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
            d.powerOff();
            loop.submit(() -> { }).get(10, TimeUnit.SECONDS); // the services have stopped on the device's loop
            print("Device " + folder.id() + ": power off");
        } catch (WorkspaceException | IOException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.invalidInput("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw CliFailure.invalidInput("the device did not stop cleanly: " + e.getMessage(), e);
        } finally {
            bridges.forEach(io.sphaera.peripherals.host.SerialBridge::close);
            try {
                if (folder != null) {
                    folder.close();
                }
            } catch (IOException e) {
                context.err().println("cannot close the device's flash: " + e.getMessage());
            }
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNotAdded) {
                // Ctrl-C: the hook is running and waits for this
            }
        }
    }

    private void print(String line) {
        synchronized (context.out()) {
            context.out().println(line);
            context.out().flush();
        }
    }
}

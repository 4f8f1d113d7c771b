package io.sphaera.emulator.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.os.A7Runtime;
import io.sphaera.peripherals.board.Board;
import io.sphaera.peripherals.board.Button;
import io.sphaera.peripherals.board.Led;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.gpio.PinLevel;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.capability.DeviceCapability;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;

/**
 * A device running in the foreground with its chip and OS, answering the developer's control requests on its own
 * executor, so that a request sees and changes the device between two of its steps, never in the middle of one.
 */
public final class RunningDevice implements ControlRequestHandler {
    private final Mt3620Device device;
    private final Mt3620Peripherals chip;
    private final Board board;
    private final A7Runtime os;
    private final Runnable powerOff;

    /** @param powerOff ends the run: the command that runs the device powers it off and exits */
    public RunningDevice(Mt3620Device device, Board board, A7Runtime os, Runnable powerOff) {
        this.device = device;
        this.chip = board.chip();
        this.board = board;
        this.os = os;
        this.powerOff = powerOff;
    }

    @Override
    public JsonNode answer(String command, JsonNode arguments) throws ControlException {
        return switch (command) {
            case "app-status" -> onDevice(this::appStatus);
            case "app-quota" -> onDevice(() -> {
                var quota = os.storageQuota().orElseThrow(() -> new ControlException("no app is installed"));
                return ControlEndpoint.JSON.createObjectNode().put("app", quota.app()).put("usedBytes", quota.usedBytes())
                        .put("limitKiB", quota.limitKiB());
            });
            case "app-start" -> onDevice(() -> {
                requireDevelopment();
                if (!os.startApp()) {
                    throw new ControlException("no app was started: " + os.status().state());
                }
                return appStatus();
            });
            case "app-stop" -> onDevice(() -> {
                requireDevelopment();
                if (!os.stopApp()) {
                    throw new ControlException("no app is running: " + os.status().state());
                }
                return appStatus();
            });
            case "gpio" -> onDevice(this::gpios);
            case "leds" -> onDevice(this::leds);
            case "power-off" -> {
                powerOff.run();
                yield ControlEndpoint.JSON_FACTORY.objectNode().put("state", "powering off");
            }
            case "button" -> {
                String name = arguments.path("button").asText("");
                Button button = button(name);
                String action = arguments.path("action").asText("");
                if (!action.equals("press") && !action.equals("release")) {
                    throw new ControlException("a button can be pressed or released, not '" + action + "'");
                }
                yield onDevice(() -> {
                    if (action.equals("press")) {
                        button.press();
                    } else {
                        button.release();
                    }
                    return ControlEndpoint.JSON.createObjectNode().put("button", button.name())
                            .put("gpio", button.gpio()).put("state", button.isPressed() ? "pressed" : "released");
                });
            }
            default -> throw new ControlException("unknown control command '" + command + "'");
        };
    }

    /** A button by its board name, or by the short name after "BUTTON_" ("A" for BUTTON_A), in any case. */
    private Button button(String name) throws ControlException {
        for (Button b : board.buttons()) {
            if (b.name().equalsIgnoreCase(name) || b.name().equalsIgnoreCase("BUTTON_" + name)) {
                return b;
            }
        }
        throw new ControlException("no button '" + name + "' on the board (it has " + String.join(", ",
                board.buttons().stream().map(Button::name).sorted().toList()) + ")");
    }

    private ArrayNode leds() {
        ArrayNode list = ControlEndpoint.JSON.createArrayNode();
        for (Led led : board.leds()) {
            list.addObject().put("led", led.name()).put("gpio", led.gpio()).put("on", led.isOn())
                    .put("brightness", led.brightness());
        }
        return list;
    }

    private ObjectNode appStatus() {
        A7Runtime.AppStatus s = os.status();
        ObjectNode n = ControlEndpoint.JSON.createObjectNode();
        s.app().ifPresent(a -> n.put("app", a));
        s.componentId().ifPresent(c -> n.put("componentId", c.toString()));
        n.put("state", s.state()).put("runs", s.runs());
        s.lastEnd().ifPresent(o -> n.put("lastEnd", o.crashed() ? "crashed: " + o.crash().orElseThrow()
                : "exited with code " + o.exitCode().orElseThrow()));
        return n;
    }

    private ArrayNode gpios() {
        ArrayNode list = ControlEndpoint.JSON.createArrayNode();
        for (int gpio : PeripheralBlock.allGpios()) {
            chip.gpioPin(gpio).ifPresent(pin -> {
                PinLevel out = pin.outputLevel();
                PinLevel in = pin.drivenLevel();
                if (out != PinLevel.FLOATING || in != PinLevel.FLOATING) {
                    ObjectNode n = list.addObject().put("gpio", gpio);
                    if (out != PinLevel.FLOATING) {
                        n.put("output", out.name());
                    }
                    if (in != PinLevel.FLOATING) {
                        n.put("driven", in.name());
                    }
                }
            });
        }
        return list;
    }

    private void requireDevelopment() throws ControlException {
        try {
            if (!device.pluton().capabilities().contains(DeviceCapability.APP_DEVELOPMENT)) {
                throw new ControlException("the device is not in development mode: apply the appDevelopment capability"
                        + " (sphaera device capability apply) to start or stop its app");
            }
        } catch (PlutonException e) {
            throw new ControlException("cannot read the device's capabilities: " + e.getMessage());
        }
    }

    /** Runs {@code work} on the device's executor and waits for it. */
    private <T extends JsonNode> T onDevice(Callable<T> work) throws ControlException {
        CompletableFuture<T> done = new CompletableFuture<>();
        device.seams().executor().execute(() -> {
            try {
                done.complete(work.call());
            } catch (Exception | Error e) {
                done.completeExceptionally(e);
            }
        });
        try {
            return done.get(ControlClient.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ControlException c) {
                throw c;
            }
            throw new ControlException("the device failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new ControlException("the device did not answer within " + ControlClient.TIMEOUT_MILLIS / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted");
        }
    }
}

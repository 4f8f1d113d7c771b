package io.sphaera.emulator.device;

/**
 * Something the OS runs while the device is up (the device authentication agent, later the update agent): started
 * on the device's executor when a boot succeeds, stopped when the power goes. Whatever it held in RAM is gone then.
 */
public interface DeviceService {
    /** At the end of a boot that brought the OS up, with what the boot chain decided. */
    void start(io.sphaera.pluton.boot.BootReport boot);

    /** At power-off, on the device's executor. */
    void stop();
}

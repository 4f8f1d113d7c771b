/*
 * Sphaera: what a real-time app (RTApp) on an MT3620 I/O core uses to reach the chip, built for wasm32.
 *
 * On the chip an RTApp dereferences register addresses; in WebAssembly its pointers address its own memory, so
 * register access goes through the core: ReadReg32/WriteReg32 as the Azure Sphere samples write them, at the
 * MT3620's M4 addresses (GPT 0x21030000, debug UART 0x21040000, mailbox 0x21050000, ISUs 0x38070000...; NVIC
 * 0xE000E100...). An access the core refuses (nothing there, or a block the firewall gives another core) ends the
 * app with a bus fault, as the M4's HardFault would.
 *
 * Interrupts: the app's vector table is a C array of handlers indexed by IRQ number, exported with
 * SPHAERA_INTERRUPT_VECTORS(table). The core takes a pending, enabled interrupt when the app next reads or writes a
 * register, waits (__WFI) or unmasks (__enable_irq): an app runs its handlers at those points, never in the middle
 * of arbitrary code (docs/os-model.md).
 */
#ifndef SPHAERA_RT_MT3620_H
#define SPHAERA_RT_MT3620_H

#include <stddef.h>
#include <stdint.h>

#define SPHAERA_RT_IMPORT(name) __attribute__((import_module("mt3620"), import_name(name)))

SPHAERA_RT_IMPORT("read32") uint32_t sphaera_read32(uint32_t address);
SPHAERA_RT_IMPORT("write32") void sphaera_write32(uint32_t address, uint32_t value);
SPHAERA_RT_IMPORT("copy_in") void sphaera_copy_in(uint32_t address, void *into, size_t length);
SPHAERA_RT_IMPORT("copy_out") void sphaera_copy_out(uint32_t address, const void *from, size_t length);
SPHAERA_RT_IMPORT("wfi") void sphaera_wfi(void);
SPHAERA_RT_IMPORT("irq_disable") void sphaera_irq_disable(void);
SPHAERA_RT_IMPORT("irq_enable") void sphaera_irq_enable(void);

static inline uint32_t ReadReg32(uintptr_t baseAddr, size_t offset)
{
    return sphaera_read32((uint32_t)(baseAddr + offset));
}

static inline void WriteReg32(uintptr_t baseAddr, size_t offset, uint32_t value)
{
    sphaera_write32((uint32_t)(baseAddr + offset), value);
}

/*
 * What memcpy through a pointer into chip memory (shared SYSRAM, say) does on the chip: WebAssembly's pointers
 * address the app's own memory, so such copies go through the core.
 */
static inline void CopyFromChip(uint32_t address, void *into, size_t length) { sphaera_copy_in(address, into, length); }
static inline void CopyToChip(uint32_t address, const void *from, size_t length) { sphaera_copy_out(address, from, length); }

static inline void __WFI(void) { sphaera_wfi(); }
static inline void __disable_irq(void) { sphaera_irq_disable(); }
static inline void __enable_irq(void) { sphaera_irq_enable(); }

/* NVIC, ARM DDI 0403E.d B3.4; the MT3620's I/O cores use three priority bits. */
#define NVIC_ISER_BASE 0xE000E100u
#define NVIC_ICER_BASE 0xE000E180u
#define NVIC_IPR_BASE 0xE000E400u
#define IRQ_PRIORITY_BITS 3

static inline void EnableNvicInterrupt(int irq)
{
    WriteReg32(NVIC_ISER_BASE, 4 * (irq / 32), 1u << (irq % 32));
}

static inline void DisableNvicInterrupt(int irq)
{
    WriteReg32(NVIC_ICER_BASE, 4 * (irq / 32), 1u << (irq % 32));
}

static inline void SetNvicPriority(int irq, uint8_t priority)
{
    /* The registers are byte-addressed on the chip; a word read-modify-write here does the same. */
    uintptr_t word = NVIC_IPR_BASE + (uintptr_t)(irq & ~3);
    int shift = (irq % 4) * 8;
    uint32_t value = ReadReg32(word, 0);
    value &= ~(0xFFu << shift);
    value |= (uint32_t)(uint8_t)(priority << (8 - IRQ_PRIORITY_BITS)) << shift;
    WriteReg32(word, 0, value);
}

typedef void (*IrqHandler)(void);

/* Exports the app's vector table: table[irq] runs when interrupt irq is taken; a missing entry does nothing. */
#define SPHAERA_INTERRUPT_VECTORS(table)                                                   \
    __attribute__((export_name("sphaera_irq"))) void sphaera_irq(uint32_t irq)             \
    {                                                                                      \
        if (irq < sizeof(table) / sizeof((table)[0]) && (table)[irq] != NULL) {            \
            (table)[irq]();                                                                \
        }                                                                                  \
    }

#endif

package io.sphaera.peripherals.flash;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Interns flash pages by content so that identical pages across devices are one object: a thousand devices holding
 * the same factory images cost one copy of them. Entries are held weakly and vanish once no flash refers to the page.
 * Thread-safe. Erased pages are never stored; they all resolve to the one shared erased page.
 */
public final class PagePool {
    private static final PagePool GLOBAL = new PagePool();

    // Keys are held weakly by the map; the value must be weak too, or it would keep its own key alive.
    private final Map<Page, WeakReference<Page>> pages = new WeakHashMap<>();

    /** The pool flashes use unless they are given another: sharing reaches across every device in the process. */
    public static PagePool global() {
        return GLOBAL;
    }

    /**
     * The sealed page with {@code page}'s content: one already pooled, or else {@code page} itself, sealed. Either way
     * the caller must not change {@code page} afterwards.
     */
    Page intern(Page page) {
        if (page.isErased()) {
            return Page.ERASED;
        }
        synchronized (pages) {
            WeakReference<Page> held = pages.get(page);
            Page existing = held == null ? null : held.get();
            if (existing != null) {
                return existing;
            }
            page.seal();
            pages.put(page, new WeakReference<>(page));
            return page;
        }
    }

    /** How many distinct non-erased pages some flash still refers to (pages already collected are not counted). */
    public int size() {
        synchronized (pages) {
            int live = 0;
            for (WeakReference<Page> page : pages.values()) {
                if (!page.refersTo(null)) {
                    live++;
                }
            }
            return live;
        }
    }
}

#ifndef REHEARSE_CREADLINE_SHIM_H
#define REHEARSE_CREADLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <locale.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Swift 6 rejects direct access to mutable C globals; these accessors are the honest fix. */
static inline void rehearse_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void rehearse_rl_set_completion_function(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void rehearse_rl_set_attempted_completion_over(int value) { rl_attempted_completion_over = value; }
static inline void rehearse_rl_set_catch_signals(int value) { rl_catch_signals = value; }
static inline void rehearse_rl_set_completer_word_break_characters(const char *chars) { rl_completer_word_break_characters = (char *)chars; }
static inline int rehearse_history_length(void) { return history_length; }
static inline void rehearse_rl_set_instream(FILE *stream) { rl_instream = stream; }
static inline void rehearse_rl_set_outstream(FILE *stream) { rl_outstream = stream; }

/* The most recent history entry's text, or NULL (for skipping repeats). */
static inline const char *rehearse_last_history_line(void) {
    HIST_ENTRY *entry = history_get(history_base + history_length - 1);
    return entry ? entry->line : NULL;
}

/* Ctrl-C handling: a SIGINT while reading a line interrupts the wait below. */
static volatile sig_atomic_t rehearse_interrupted = 0;
static inline void rehearse_sigint_handler(int sig) {
    (void)sig;
    rehearse_interrupted = 1;
}
static inline void rehearse_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = rehearse_sigint_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: select() returns EINTR so the read loop notices */
    sigaction(SIGINT, &sa, NULL);
    /* A parent may leave SIGINT blocked (inherited masks); Ctrl-C must reach us. */
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGINT);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    rl_catch_signals = 0;
}
static inline int rehearse_take_interrupt(void) {
    int value = rehearse_interrupted;
    rehearse_interrupted = 0;
    return value;
}

static char *rehearse_pending_line = NULL;
static int rehearse_line_ready = 0;
static inline void rehearse_line_handler(char *line) {
    rehearse_pending_line = line;
    rehearse_line_ready = 1;
    rl_callback_handler_remove();
}

/* A bracketed paste that holds a newline, taken out of readline's line buffer (see
 * rehearse_paste). Readline cannot redraw a buffer taller than the screen: a 10 KB paste
 * came back garbled, later rows overwriting earlier ones. */
static char *rehearse_pasted = NULL;
static size_t rehearse_pasted_length = 0;

/* The pasted text since the last call (malloc'd, the caller frees it), or NULL. */
static inline char *rehearse_take_paste(void) {
    char *text = rehearse_pasted;
    rehearse_pasted = NULL;
    rehearse_pasted_length = 0;
    return text;
}

/* Bound to the bracketed-paste start sequence (ESC [ 200 ~) in place of readline's own:
 * reads the pasted text up to ESC [ 201 ~. Text on one line is inserted as if typed; text
 * holding a newline ends the read, without readline drawing it, so the caller can print it
 * wrapped (rehearse_take_paste). */
static inline int rehearse_paste(int count, int key) {
    (void)count;
    (void)key;
    size_t capacity = 1024, length = 0;
    char *text = malloc(capacity);
    if (!text) return 1;
    static const char end[] = "\033[201~";
    const size_t end_length = sizeof end - 1;
    int c;
    while ((c = rl_read_key()) >= 0) {
        if (length + 2 > capacity) {
            char *grown = realloc(text, capacity * 2);
            if (!grown) break;
            text = grown;
            capacity *= 2;
        }
        text[length++] = c == '\r' ? '\n' : (char)c;
        if (length >= end_length && memcmp(text + length - end_length, end, end_length) == 0) {
            length -= end_length;
            break;
        }
    }
    text[length] = '\0';
    if (memchr(text, '\n', length) == NULL) {
        rl_insert_text(text);
        free(text);
        return 0;
    }
    free(rehearse_pasted);
    rehearse_pasted = text;
    rehearse_pasted_length = length;
    rl_done = 1;
    return 0;
}

/* Sets the locale's character type from the environment (falling back to C.UTF-8 when
 * that is plain C), so readline measures UTF-8 text by characters and display width, and
 * binds the paste handler. */
static inline void rehearse_rl_prepare(void) {
    const char *locale = setlocale(LC_CTYPE, "");
    if (locale == NULL || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0) {
        setlocale(LC_CTYPE, "C.UTF-8");
    }
    rl_initialize();
    rl_bind_keyseq_in_map("\033[200~", rehearse_paste, emacs_standard_keymap);
    rl_bind_keyseq_in_map("\033[200~", rehearse_paste, vi_insertion_keymap);
    rl_bind_keyseq_in_map("\033[200~", rehearse_paste, vi_movement_keymap);
}

/* What rehearse_read_step saw. */
enum {
    REHEARSE_READ_LINE = 0,              /* a line was entered (returned, malloc'd) */
    REHEARSE_READ_END = 1,               /* Ctrl-D on an empty line, or end of input */
    REHEARSE_READ_INTERRUPTED_EMPTY = 2, /* Ctrl-C with nothing typed on the line */
    REHEARSE_READ_INTERRUPTED_TEXT = 3,  /* Ctrl-C with text on the line (the text is dropped) */
    REHEARSE_READ_WAITING = 4            /* the wait timed out; the line is still being edited */
};

/* Starts reading a line with readline's callback interface. */
static inline void rehearse_read_begin(const char *prompt) {
    rehearse_pending_line = NULL;
    rehearse_line_ready = 0;
    rehearse_interrupted = 0;
    rl_callback_handler_install(prompt, rehearse_line_handler);
}

/*
 * Goes on reading the line begun with rehearse_read_begin, waiting in select() so that
 * Ctrl-C (SIGINT, see rehearse_install_sigint) can end the wait without killing the
 * process (the blocking readline() restarts its read after a signal). With timeout_ms >= 0
 * the wait ends after that long with REHEARSE_READ_WAITING, the line still being edited:
 * the caller may change the prompt or print a notice, then call this again.
 */
static inline char *rehearse_read_step(int timeout_ms, int *status) {
    int fd = fileno(rl_instream ? rl_instream : stdin);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (!rehearse_line_ready) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fd, &fds);
        /* The time left of timeout_ms, however many keys arrived meanwhile. */
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long waited = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        long left = timeout_ms - waited;
        if (timeout_ms >= 0 && left <= 0) {
            *status = REHEARSE_READ_WAITING;
            return NULL;
        }
        struct timeval timeout = {left / 1000, (left % 1000) * 1000};
        int ready = select(fd + 1, &fds, NULL, NULL, timeout_ms >= 0 ? &timeout : NULL);
        if (ready == 0) {
            *status = REHEARSE_READ_WAITING;
            return NULL;
        }
        if (ready < 0) {
            if (errno == EINTR && rehearse_interrupted) {
                int had_text = rl_end > 0;
                FILE *out = rl_outstream ? rl_outstream : stdout;
                rehearse_interrupted = 0;
                if (had_text) {
                    rl_point = rl_end; /* show ^C after the cancelled text, as shells do */
                    rl_redisplay();
                    fputs("^C", out);
                    fflush(out);
                }
                rl_free_line_state();
                rl_callback_sigcleanup();
                rl_replace_line("", 0);
                rl_callback_handler_remove();
                fputs("\n", out);
                fflush(out);
                *status = had_text ? REHEARSE_READ_INTERRUPTED_TEXT : REHEARSE_READ_INTERRUPTED_EMPTY;
                return NULL;
            }
            if (errno == EINTR) continue; /* SIGWINCH and friends */
            rl_callback_handler_remove();
            *status = REHEARSE_READ_END;
            return NULL;
        }
        rl_callback_read_char();
    }
    *status = rehearse_pending_line || rehearse_pasted ? REHEARSE_READ_LINE : REHEARSE_READ_END;
    if (!rehearse_pending_line && rehearse_pasted) rehearse_pending_line = strdup("");
    return rehearse_pending_line;
}

/* Flushes readline's output stream (Swift 6 cannot name the C global stdout). */
static inline void rehearse_flush_output(void) { fflush(rl_outstream ? rl_outstream : stdout); }

/* Shows a new prompt in place of the current one, keeping what is typed. */
static inline void rehearse_replace_prompt(const char *prompt) {
    rl_set_prompt(prompt);
    rl_clear_visible_line();
    rl_on_new_line();
    rl_forced_update_display();
}

/* Prints `text` (ending with a newline) above the line being edited, then redraws the
 * prompt and what is typed below it. */
static inline void rehearse_print_above(const char *text) {
    FILE *out = rl_outstream ? rl_outstream : stdout;
    rl_clear_visible_line();
    fputs(text, out);
    fflush(out);
    rl_on_new_line();
    rl_forced_update_display();
}

/* Reads one line, waiting as long as it takes (see rehearse_read_step). */
static inline char *rehearse_read_line(const char *prompt, int *status) {
    rehearse_read_begin(prompt);
    return rehearse_read_step(-1, status);
}
#endif

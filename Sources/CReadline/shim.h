#ifndef REHEARSE_CREADLINE_SHIM_H
#define REHEARSE_CREADLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/select.h>
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

/* What rehearse_read_line saw. */
enum {
    REHEARSE_READ_LINE = 0,              /* a line was entered (returned, malloc'd) */
    REHEARSE_READ_END = 1,               /* Ctrl-D on an empty line, or end of input */
    REHEARSE_READ_INTERRUPTED_EMPTY = 2, /* Ctrl-C with nothing typed on the line */
    REHEARSE_READ_INTERRUPTED_TEXT = 3   /* Ctrl-C with text on the line (the text is dropped) */
};

static char *rehearse_pending_line = NULL;
static int rehearse_line_ready = 0;
static inline void rehearse_line_handler(char *line) {
    rehearse_pending_line = line;
    rehearse_line_ready = 1;
    rl_callback_handler_remove();
}

/*
 * Reads one line with readline's callback interface, waiting in select() so that Ctrl-C
 * (SIGINT, see rehearse_install_sigint) can end the wait without killing the process. The
 * blocking readline() cannot do that: it restarts its read after a signal.
 */
static inline char *rehearse_read_line(const char *prompt, int *status) {
    rehearse_pending_line = NULL;
    rehearse_line_ready = 0;
    rehearse_interrupted = 0;
    int fd = fileno(rl_instream ? rl_instream : stdin);
    rl_callback_handler_install(prompt, rehearse_line_handler);
    while (!rehearse_line_ready) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fd, &fds);
        int ready = select(fd + 1, &fds, NULL, NULL, NULL);
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
    *status = rehearse_pending_line ? REHEARSE_READ_LINE : REHEARSE_READ_END;
    return rehearse_pending_line;
}
#endif

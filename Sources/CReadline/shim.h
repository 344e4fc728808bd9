#ifndef REHEARSE_CREADLINE_SHIM_H
#define REHEARSE_CREADLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
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

/* Ctrl-C handling: a SIGINT while reading a line cancels that line. */
static volatile sig_atomic_t rehearse_interrupted = 0;
static inline void rehearse_sigint_handler(int sig) {
    (void)sig;
    rehearse_interrupted = 1;
    rl_done = 1;
}
static inline int rehearse_event_hook(void) {
    if (rehearse_interrupted) {
        rl_replace_line("", 0);
        rl_done = 1;
    }
    return 0;
}
static inline void rehearse_install_sigint(void) {
    struct sigaction sa;
    sa.sa_handler = rehearse_sigint_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: read() returns EINTR so readline notices */
    sigaction(SIGINT, &sa, NULL);
    rl_catch_signals = 0;
    rl_signal_event_hook = rehearse_event_hook;
}
static inline int rehearse_take_interrupt(void) {
    int value = rehearse_interrupted;
    rehearse_interrupted = 0;
    return value;
}
#endif

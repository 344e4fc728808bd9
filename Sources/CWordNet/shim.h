#ifndef REHEARSE_CWORDNET_SHIM_H
#define REHEARSE_CWORDNET_SHIM_H
#include <wn.h>

/* Swift 6 rejects direct access to mutable C globals and cannot import the macros below as
   typed constants; these accessors are the honest fix. */
static inline int rehearse_wn_noun(void) { return NOUN; }
static inline int rehearse_wn_verb(void) { return VERB; }
static inline int rehearse_wn_adjective(void) { return ADJ; }
static inline int rehearse_wn_derivation(void) { return DERIVATION; }
static inline int rehearse_wn_hypernym(void) { return HYPERPTR; }
#endif

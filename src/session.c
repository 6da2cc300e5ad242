/* session.c — STUB. */
#include <stdlib.h>
#include "engine.h"
SL_API sl_status sl_summarize(const sl_engine *e, sl_doc *const *docs, size_t n, int words, char **json) { return SL_EINVAL; }
SL_API sl_status sl_session_open(const char *path, const sl_engine *e, sl_session **out) { return SL_EDB; }
SL_API void sl_session_close(sl_session *s) { }
SL_API const char *sl_session_error(const sl_session *s) { return ""; }
SL_API sl_status sl_session_add(sl_session *s, const sl_doc *d, sl_add_result *res) { return SL_EDB; }
SL_API sl_status sl_session_flush(sl_session *s) { return SL_EDB; }
SL_API sl_status sl_session_articles(sl_session *s, sl_json_cb cb, void *user) { return SL_EDB; }
SL_API sl_status sl_session_stories(sl_session *s, sl_json_cb cb, void *user) { return SL_EDB; }
SL_API sl_status sl_session_story(sl_session *s, const char *id, int words, char **json) { return SL_EDB; }
SL_API sl_status sl_session_entities(sl_session *s, sl_json_cb cb, void *user) { return SL_EDB; }

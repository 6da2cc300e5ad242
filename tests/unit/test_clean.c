/* test_clean.c — the boilerplate stage: each rule family of resources/boilerplate.txt, the
 * head analysis (headline, date line, dateline), the teaser and truncation heuristics, the
 * article size limit, rule-file errors, and the three shared seed articles' residue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "model/doc.h"
#include "text/clean.h"
#include "text/text.h"

static sl_engine S_engine;

static int S_setup(void **state)
{
    return sl_boiler_load(&S_engine.boiler) == SL_OK ? 0 : -1;
}

static int S_teardown(void **state)
{
    sl_boiler_free(S_engine.boiler);
    return 0;
}

/* clean + normalize on `raw`; title given when not NULL. */
static sl_doc *S_run(const char *raw, const char *title)
{
    sl_doc *d = sl_doc_new_empty();
    assert_non_null(d);
    d->raw = sl_arena_strdup(&d->arena, raw);
    d->raw_len = strlen(raw);
    d->title = sl_arena_strdup(&d->arena, title);
    assert_int_equal(sl_clean(&S_engine, d), SL_OK);
    assert_int_equal(sl_normalize(&S_engine, d), SL_OK);
    return d;
}

static void S_absent(const sl_doc *d, const char *what)
{
    if (strcasestr(d->text, what)) fail_msg("\"%s\" left in text:\n%s", what, d->text);
}

static void S_present(const sl_doc *d, const char *what)
{
    if (!strstr(d->text, what)) fail_msg("\"%s\" missing from text:\n%s", what, d->text);
}

static const char S_BODY[] =
    "Officials met on Tuesday to discuss the budget, the ministry said in a statement.\n\n"
    "The talks will resume next week in the capital, according to the ministry.\n";

static void test_photo_credits(void **state)
{
    char raw[2048];
    snprintf(raw, sizeof raw,
             "A man walks past the ministry on Monday. / AFP PHOTO / JOHN SMITH   (Photo credit should read JOHN SMITH/AFP/Getty Images)\n\n"
             "%s\nProtesters outside the ministry. (AP Photo/Jane Roe)\n\nImage copyright Reuters\n\n"
             "Officials said the budget (AP Photo/Jane Roe) was final.\n", S_BODY);
    sl_doc *d = S_run(raw, "t");
    S_absent(d, "photo");
    S_absent(d, "John Smith");
    S_absent(d, "Jane Roe");
    S_absent(d, "Getty");
    S_absent(d, "copyright");
    S_present(d, "Officials met on Tuesday");
    S_present(d, "Officials said the budget was final.");
    sl_doc_free(d);
}

static void test_bylines_and_credits(void **state)
{
    char raw[2048];
    snprintf(raw, sizeof raw,
             "By Jeff Zeleny, CNN\n\n%s\nBy the time the talks ended, nothing was agreed.\n\n"
             "Reporting by Jane Roe; Editing by John Smith\n\nCNN's Fred Pleitgen contributed to this report.\n",
             S_BODY);
    sl_doc *d = S_run(raw, "t");
    S_absent(d, "Zeleny");
    assert_int_equal(d->nauthors, 1);
    assert_string_equal(d->authors[0], "Jeff Zeleny");
    S_absent(d, "Jane Roe");
    S_absent(d, "Pleitgen");
    S_present(d, "By the time the talks ended"); /* not a byline */
    sl_doc_free(d);
    d = S_run("By JEFF ZELENY and Manu Raju | CNN\n\nThe talks resumed on Tuesday.\n", "t");
    assert_int_equal(d->nauthors, 2);
    assert_string_equal(d->authors[0], "JEFF ZELENY");
    assert_string_equal(d->authors[1], "Manu Raju");
    assert_string_equal(d->text, "The talks resumed on Tuesday.");
    sl_doc_free(d);
    d = S_run("The memos were\nwritten by Gates over the last three years, showing clearly that he knew.\n", "t");
    S_present(d, "written by Gates over the last three years");
    sl_doc_free(d);
}

static void test_video_and_highlights(void **state)
{
    char raw[2048];
    snprintf(raw, sizeof raw,
             "Ministers meet over the budget\n01:19 - Source: CNN\n\nStory highlights\n\n"
             "The minister spoke to reporters Thursday\n\nHe would not confirm the date\n\n%s",
             S_BODY);
    sl_doc *d = S_run(raw, "t");
    S_absent(d, "Source: CNN");
    S_absent(d, "Ministers meet over the budget");
    S_absent(d, "highlights");
    S_absent(d, "spoke to reporters Thursday");
    S_absent(d, "would not confirm");
    assert_true(strncmp(d->text, "Officials met on Tuesday", 24) == 0);
    sl_doc_free(d);
}

static void test_navigation_and_footers(void **state)
{
    char raw[4096];
    snprintf(raw, sizeof raw,
             "%s\nAdvertisement\n\nRead more: Why budgets matter\n\nShare this article\n\n"
             "Follow Jane Roe on Twitter\n\nSign up for our daily newsletter\n\n"
             "The vote is expected on Friday, officials said.\n\n"
             "Related stories\n\nBudget talks collapse in neighbouring country\n\nAnother teaser headline here\n",
             S_BODY);
    sl_doc *d = S_run(raw, "t");
    S_absent(d, "Advertisement");
    S_absent(d, "Read more");
    S_absent(d, "Share this");
    S_absent(d, "Twitter");
    S_absent(d, "newsletter");
    S_absent(d, "Related");
    S_absent(d, "neighbouring");
    S_absent(d, "teaser");
    S_present(d, "The vote is expected on Friday, officials said.");
    sl_doc_free(d);
}

static void test_wire_furniture(void **state)
{
    sl_doc *d = S_run("LONDON (AP) _ An influential lawmaker backed the request on Saturday,\n"
                      "officials said in London after the meeting with the press corps\n"
                      "ended late in the evening on Saturday.\n\n"
                      "(STORY CAN END HERE. OPTIONAL MATERIAL FOLLOWS)\n\n"
                      "The lawmaker spoke again on Sunday.\n\n(ht-cph)\n\nNYT-10-17-98 1735EDT &QL;\n", NULL);
    assert_string_equal(d->dateline, "LONDON (AP)");
    S_absent(d, "STORY CAN END");
    S_absent(d, "ht-cph");
    S_absent(d, "NYT-10");
    S_absent(d, "&QL;");
    assert_string_equal(d->text, "An influential lawmaker backed the request on Saturday, officials said in London "
                                 "after the meeting with the press corps ended late in the evening on Saturday."
                                 "\n\nThe lawmaker spoke again on Sunday.");
    sl_doc_free(d);
}

static void test_datelines(void **state)
{
    static const struct { const char *raw, *dateline, *start; } cases[] = {
        {"WASHINGTON (Reuters) - The Senate voted on Tuesday.", "WASHINGTON (Reuters)", "The Senate voted"},
        {"MOSCOW \xE2\x80\x94 The Kremlin said on Tuesday.", "MOSCOW", "The Kremlin said"},
        {"Beijing CNN \xC2\xA0\xE2\x80\x94\xC2\xA0\n\nUS officials met.", "Beijing CNN", "US officials met."},
        {"BUENOS AIRES, Argentina _ Gen. Pinochet was held.", "BUENOS AIRES, Argentina", "Gen. Pinochet"},
        {"Washington (CNN)The president spoke.", "Washington (CNN)", "The president spoke."},
        {"Meadow Lake, Saskatchewan - The council voted.", "Meadow Lake, Saskatchewan", "The council voted."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sl_doc *d = S_run(cases[i].raw, "t");
        assert_non_null(d->dateline);
        assert_string_equal(d->dateline, cases[i].dateline);
        assert_true(strncmp(d->text, cases[i].start, strlen(cases[i].start)) == 0);
        sl_doc_free(d);
    }
    sl_doc *d = S_run("U.S. officials said on Tuesday that talks went well.", "t");
    assert_null(d->dateline);
    assert_string_equal(d->text, "U.S. officials said on Tuesday that talks went well.");
    sl_doc_free(d);
}

static void test_title_and_date_line(void **state)
{
    sl_doc *d = S_run("Budget talks resume in the capital\n\nSaturday, January 8, 2005\n\n"
                      "Officials met on Tuesday.\n\nMore text follows here.", NULL);
    assert_string_equal(d->title, "Budget talks resume in the capital");
    assert_string_equal(d->published, "2005-01-08");
    assert_string_equal(d->text, "Officials met on Tuesday.\n\nMore text follows here.");
    sl_doc_free(d);

    /* A given title wins; a repeated headline and a caption before the date line go. */
    d = S_run("Budget talks resume\n\nA minister in the capital\n\n"
              "Tuesday, January 18, 2005Through a telethon, donors gave money.\n\nMore.", "Budget talks resume");
    assert_string_equal(d->title, "Budget talks resume");
    assert_string_equal(d->published, "2005-01-18");
    assert_string_equal(d->text, "Through a telethon, donors gave money.\n\nMore.");
    sl_doc_free(d);

    /* A one-paragraph text is never taken for a headline. */
    d = S_run("centrepoint winter white gala london", "centrepoint winter white gala london");
    assert_string_equal(d->text, "centrepoint winter white gala london");
    sl_doc_free(d);

    char iso[11];
    assert_true(sl_clean_date_line("8 January 2005", 14, iso));
    assert_string_equal(iso, "2005-01-08");
    assert_true(sl_clean_date_line("2017-11-10", 10, iso));
    assert_string_equal(iso, "2017-11-10");
    assert_true(sl_clean_date_line("Sept. 3, 1998", 13, iso));
    assert_string_equal(iso, "1998-09-03");
    assert_false(sl_clean_date_line("January 8, 2005 was cold", 24, iso));
    assert_false(sl_clean_date_line("February 30", 11, iso));
}

/* Hand-written degraded text in the style of seed 002: lower case, no punctuation, a teaser
 * run of other stories' headlines inside, and a leading fragment of a previous headline. */
static const char S_DEGRADED[] =
    "ment to ban plastic straws fails the city council of springfield approved a new "
    "budget for the river park after months of debate mayor anna lopez said the river park budget "
    "would fund new paths and lights council member tom baker voted against the budget saying the "
    "river park could wait top stories celebrity chef opens seventh restaurant in miami stock "
    "markets rally as tech shares surge hurricane season forecast revised upward lopez told "
    "reporters the river park work would begin in spring and the council would review the budget "
    "again in the fall baker said he would keep pressing for lower spending on the park and the "
    "city council will meet again next month to vote on the final river park plan lopez said";

static void test_teaser_and_truncation(void **state)
{
    sl_doc *d = S_run(S_DEGRADED, NULL);
    assert_true(d->flags & SL_DOC_TRUNCATED);
    S_absent(d, "plastic straws");
    S_absent(d, "top stories");
    S_absent(d, "celebrity chef");
    S_absent(d, "hurricane");
    assert_true(strncmp(d->text, "the city council of springfield", 31) == 0);
    S_present(d, "could wait lopez told reporters");
    S_present(d, "final river park plan lopez said");
    sl_doc_free(d);

    /* Cased text opening mid-sentence: the fragment up to the first sentence goes. */
    d = S_run("tration officials were wrong. The city council approved a budget on Tuesday.", NULL);
    assert_true(d->flags & SL_DOC_TRUNCATED);
    assert_string_equal(d->text, "The city council approved a budget on Tuesday.");
    sl_doc_free(d);

    /* "iPhone" is not a fragment. */
    d = S_run("iPhone sales rose on Tuesday, the company said.", NULL);
    assert_false(d->flags & SL_DOC_TRUNCATED);
    assert_string_equal(d->text, "iPhone sales rose on Tuesday, the company said.");
    sl_doc_free(d);
}

static void test_limit(void **state)
{
    size_t n = SL_MAX_ARTICLE_BYTES + 1;
    sl_doc *d = sl_doc_new_empty();
    char *raw = sl_arena_alloc(&d->arena, n + 1);
    assert_non_null(raw);
    memset(raw, 'a', n);
    d->raw = raw;
    d->raw_len = n;
    assert_int_equal(sl_clean(&S_engine, d), SL_ELIMIT);
    sl_doc_free(d);
}

static void test_rule_file_errors(void **state)
{
    struct sl_boiler *b = NULL;
    char err[256];
    const char bad_kind[] = "# comment\ndrop ^ok$\nexplode ^x$\n";
    assert_int_equal(sl_boiler_parse(bad_kind, strlen(bad_kind), NULL, 0, &b, err, sizeof err), SL_EMODEL);
    assert_null(b);
    assert_non_null(strstr(err, "line 3"));
    const char bad_re[] = "drop/i ([unclosed\n";
    assert_int_equal(sl_boiler_parse(bad_re, strlen(bad_re), NULL, 0, &b, err, sizeof err), SL_EMODEL);
    assert_non_null(strstr(err, "line 1"));
    const char good[] = "drop/i ^sponsored$\n\n# c\nstrip \\[ad\\]\n";
    assert_int_equal(sl_boiler_parse(good, strlen(good), NULL, 0, &b, err, sizeof err), SL_OK);
    assert_true(sl_boiler_line(b, "  SPONSORED \n", 13));
    assert_false(sl_boiler_line(b, "sponsored content is common", 27));
    sl_boiler_free(b);
    /* the shipped rules say the same about furniture lines */
    assert_true(sl_boiler_line(S_engine.boiler, "Advertisement", 13));
    assert_true(sl_boiler_line(S_engine.boiler, "Story highlights", 16));
    assert_false(sl_boiler_line(S_engine.boiler, "The talks resumed.", 18));
}

static char *S_seed(const char *name, size_t *len)
{
    const char *shared = getenv("SL_SHARED");
    char path[1024];
    snprintf(path, sizeof path, "%s/seeds/%s", shared ? shared : "../shared", name);
    char *data = NULL;
    if (sl_read_file(path, SL_MAX_INPUT_BYTES, &data, len) != SL_OK) fail_msg("cannot read %s", path);
    return data;
}

/* The prefilter before each regexec (first byte of anchored rules, literals every match
 * contains) must never reject a line its rule matches: alternations, optional and repeated
 * parts, brackets, classes, escapes, /i, a top-level alternative and a multibyte character. */
static void test_rule_prefilter(void **state)
{
    static const char rules[] =
        "drop/i  ^(watch|video)( now)?[[:space:]]*:.{0,40}$\n"
        "drop    ^[^.!?]{0,50}(Getty Images|/AFP)[.]?$\n"
        "drop    ^x+yz|^ab?c\\.d$\n"
        "drop/i  all rights reserved\\.?$\n"
        "drop    ^(&[A-Z]{2}; *)+$\n"
        "drop    ^\xc2\xa9 ?[0-9]{4}$\n"
        "drop    ^[[:digit:]]{1,2}:[0-9]{2} Source$\n"
        "drop/i  ^tags?:?$\n"
        /* more alternatives than the prefilter held before (8): all of them are literals */
        "drop/i  ^(share|tweet|email|print|comment|comments|save|pin it|whatsapp|digg)( this)?$\n";
    struct sl_boiler *b = NULL;
    char err[200];
    assert_int_equal(sl_boiler_parse(rules, strlen(rules), NULL, 0, &b, err, sizeof err), SL_OK);
    static const char *const hit[] = {"WATCH: the game", "Video now : x", "Lead image by Getty Images.",
                                      "photo /AFP", "xxxyz", "ac.d", "abc.d", "(c) 2019 Acme. ALL RIGHTS RESERVED",
                                      "&UR; &LR; ", "\xc2\xa9 2019", "01:19 Source", "TAGS:", "tag",
                                      "Share this", "WhatsApp", "digg", "Pin it this", "comments"};
    static const char *const miss[] = {"watching: no", "Getty Images said. more", "yz", "a.d",
                                       "rights reserved for all", "&UR; x", "2019", "1:19 source", "tagged",
                                       "shared this", "pin", "dig", "save it", "Share this story"};
    for (size_t i = 0; i < SL_ARRAY_LEN(hit); i++) {
        if (!sl_boiler_line(b, hit[i], strlen(hit[i]))) fprintf(stderr, "not matched: %s\n", hit[i]);
        assert_true(sl_boiler_line(b, hit[i], strlen(hit[i])));
    }
    for (size_t i = 0; i < SL_ARRAY_LEN(miss); i++) {
        if (sl_boiler_line(b, miss[i], strlen(miss[i]))) fprintf(stderr, "matched: %s\n", miss[i]);
        assert_false(sl_boiler_line(b, miss[i], strlen(miss[i])));
    }
    sl_boiler_free(b);
}

static void test_seeds(void **state)
{
    size_t len;
    char *raw = S_seed("000_c3e106af9eabc524.txt", &len);
    sl_doc *d = S_run(raw, NULL);
    assert_string_equal(d->title, "Presidents Donald Trump and Vladimir Putin will likely meet, Kremlin reportedly says");
    assert_true(strncmp(d->text, "Trump has said he wants to seek Putin's help", 44) == 0);
    S_present(d, "\"Our implementation of sanctions is unshakeable");
    sl_doc_free(d);
    free(raw);

    raw = S_seed("001_e8da890de1d0a941.txt", &len);
    d = S_run(raw, NULL);
    static const char *const gone1[] = {"Saul Loeb", "Photo credit", "AFP", "Getty", "01:19", "Source: CNN",
                                        "Story highlights", "Asia trip", "would not confirm an anticipated",
                                        "contributed to this report", "Pleitgen", "Beijing CNN"};
    for (size_t i = 0; i < sizeof gone1 / sizeof gone1[0]; i++) S_absent(d, gone1[i]);
    assert_string_equal(d->dateline, "Beijing CNN");
    assert_true(strncmp(d->text, "US officials are still working to determine", 43) == 0);
    S_present(d, "CNN's Jeff Zeleny whether the list"); /* reporting in the text stays */
    S_present(d, "\"It stays on that list,\" he said.");
    sl_doc_free(d);
    free(raw);

    raw = S_seed("002_0fbb9887d98a567f.txt", &len);
    d = S_run(raw, NULL);
    static const char *const gone2[] = {"tration", "michael flynn", "indicted", "top stories", "canterbury",
                                        "atf director", "abortions", "illegal aliens", "midterm"};
    for (size_t i = 0; i < sizeof gone2 / sizeof gone2[0]; i++) S_absent(d, gone2[i]);
    assert_true(d->flags & SL_DOC_TRUNCATED);
    assert_true(strncmp(d->text, "with president trump s diplomatic outreach stalled", 50) == 0);
    S_present(d, "we will inform you kim chang son a chief aide");
    S_present(d, "will travel to russia next week");
    sl_doc_free(d);
    free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_photo_credits),
        cmocka_unit_test(test_bylines_and_credits),
        cmocka_unit_test(test_video_and_highlights),
        cmocka_unit_test(test_navigation_and_footers),
        cmocka_unit_test(test_wire_furniture),
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_title_and_date_line),
        cmocka_unit_test(test_teaser_and_truncation),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_rule_file_errors),
        cmocka_unit_test(test_rule_prefilter),
        cmocka_unit_test(test_seeds),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}

/*
 * check_run.c - the one way a check over many inputs runs: each file (expanded from the
 * caller's arguments by rk_paths_add, inputs.c) checked with rk_check_file (in this thread or
 * jobs at a time, findings held per file and released in input order so the output does not
 * depend on -j; workers run at most 2 x jobs files ahead), the set checks over them, and every
 * finding, file, send and profile fed to the caller's reports. Used by `renkei check` and by
 * the evidence bundle (evidence.c).
 */
#include "alloc.h"
#include "inputs.h"
#include "report.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- findings fanned out to every report ---- */

struct fan {
    struct rk_report *const *reports;
    size_t n;
    const struct rk_set_callbacks *observe;
};

static void fan_finding(void *ctx, const struct rk_finding *f)
{
    struct fan *fan = ctx;
    for (size_t i = 0; i < fan->n; i++)
        rk_report_finding(fan->reports[i], f);
}

static void fan_set_finding(void *ctx, const struct rk_finding *f)
{
    struct fan *fan = ctx;
    fan_finding(fan, f);
    if (fan->observe && fan->observe->finding)
        fan->observe->finding(fan->observe->ctx, f);
}

static void fan_send_begin(void *ctx, const struct rk_send *s)
{
    struct fan *fan = ctx;
    for (size_t i = 0; i < fan->n; i++)
        rk_report_send_begin(fan->reports[i], s);
    if (fan->observe && fan->observe->send_begin)
        fan->observe->send_begin(fan->observe->ctx, s);
}

static void fan_send_end(void *ctx, const struct rk_send *s)
{
    struct fan *fan = ctx;
    for (size_t i = 0; i < fan->n; i++)
        rk_report_send_end(fan->reports[i], s);
    if (fan->observe && fan->observe->send_end)
        fan->observe->send_end(fan->observe->ctx, s);
}

static void fan_profile_begin(void *ctx, const char *office, const char *direction)
{
    struct fan *fan = ctx;
    for (size_t i = 0; i < fan->n; i++)
        rk_report_profile_begin(fan->reports[i], office, direction);
    if (fan->observe && fan->observe->profile_begin)
        fan->observe->profile_begin(fan->observe->ctx, office, direction);
}

static void fan_profile_end(void *ctx)
{
    struct fan *fan = ctx;
    for (size_t i = 0; i < fan->n; i++)
        rk_report_profile_end(fan->reports[i]);
    if (fan->observe && fan->observe->profile_end)
        fan->observe->profile_end(fan->observe->ctx);
}

/* ---- parallel checks (-j): findings held per file, reported in input order ---- */

struct held {
    struct rk_finding *f;
    size_t n, cap;
    bool oom;
};

static const char *dup_or_null(const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *d = rk_strdup(s);
    if (!d)
        *oom = true;
    return d;
}

static void hold(void *ctx, const struct rk_finding *f)
{
    struct held *h = ctx;
    if (!rk_grow(&h->f, &h->cap, h->n + 1, sizeof *h->f)) {
        h->oom = true;
        return;
    }
    struct rk_finding *c = &h->f[h->n++];
    *c = *f;
    c->path = dup_or_null(f->path, &h->oom);
    c->item = dup_or_null(f->item, &h->oom);
    c->expected = dup_or_null(f->expected, &h->oom);
    c->actual = dup_or_null(f->actual, &h->oom);
    c->detail = dup_or_null(f->detail, &h->oom);
    c->citation = dup_or_null(f->citation, &h->oom);
    c->insurer_no = dup_or_null(f->insurer_no, &h->oom);
    c->insured_no = dup_or_null(f->insured_no, &h->oom);
}

static void held_free(struct held *h)
{
    for (size_t i = 0; i < h->n; i++) {
        rk_free((char *)h->f[i].path);
        rk_free((char *)h->f[i].item);
        rk_free((char *)h->f[i].expected);
        rk_free((char *)h->f[i].actual);
        rk_free((char *)h->f[i].detail);
        rk_free((char *)h->f[i].citation);
        rk_free((char *)h->f[i].insurer_no);
        rk_free((char *)h->f[i].insured_no);
    }
    rk_free(h->f);
    memset(h, 0, sizeof *h);
}

struct job {
    struct held held;
    struct rk_file_result res;
    enum rk_status st;
    bool done;
};

struct pool {
    const struct rk_specs *specs;
    const struct rk_check_options *opt;
    const char *const *paths;
    size_t n;
    struct job *jobs;
    size_t next;
    size_t released; /* files the caller has reported: workers stay within `ahead` of it */
    size_t ahead;
    pthread_mutex_t lock;
    pthread_cond_t cond;
};

#ifdef RK_TEST_HOOKS
/* Test builds only (RENKEI_TEST_HOOKS): RENKEI_TEST_DELAY_MS=N makes the worker that takes
 * file i of n wait (n - i) * N ms before opening it, so that the files reach the set in the
 * reverse of their order: the test that -j gives the same verdicts relies on it. */
static void test_delay(size_t i, size_t n)
{
    const char *env = getenv("RENKEI_TEST_DELAY_MS");
    long ms = env ? strtol(env, NULL, 10) : 0;
    if (ms <= 0 || ms > 1000)
        return;
    long long total = (long long)(n - i) * ms;
    if (total > 5000)
        total = 5000;
    struct timespec ts = {.tv_sec = (time_t)(total / 1000),
                          .tv_nsec = (long)(total % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}
#endif

static void *worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        /* hold the findings of at most `ahead` files waiting for their turn, not of every
           file: a worker that ran that far ahead of the report waits */
        while (p->next < p->n && p->next >= p->released + p->ahead)
            pthread_cond_wait(&p->cond, &p->lock);
        size_t i = p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->n) {
            rk_input_release(); /* the archive this thread kept open */
            return NULL;
        }
        struct job *j = &p->jobs[i];
#ifdef RK_TEST_HOOKS
        test_delay(i, p->n);
#endif
        j->st = rk_check_file(p->specs, p->opt, p->paths[i], hold, &j->held, &j->res);
        pthread_mutex_lock(&p->lock);
        j->done = true;
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->lock);
    }
}

#define MAX_THREADS 256

enum rk_status rk_run_check(const struct rk_specs *specs, const struct rk_run_options *opt,
                            const char *const *paths, size_t n, struct rk_report *const *reports,
                            size_t nreports, struct rk_run_result *res)
{
    memset(res, 0, sizeof *res);
    for (size_t k = 0; k < nreports; k++)
        rk_report_use_specs(reports[k], specs);
    struct fan fan = {.reports = reports, .n = nreports, .observe = opt->observe_set};
    struct rk_check_options check = opt->check;
    struct rk_set *set = NULL;
    enum rk_status first = RK_OK;
    if (opt->use_set) {
        /* the set findings follow the files' profile and cap, unless told otherwise */
        struct rk_set_options so = opt->set;
        if (!so.profile)
            so.profile = check.profile;
        if (!so.max_findings)
            so.max_findings = check.max_findings;
        first = rk_set_new(&set, specs, &so);
        if (first != RK_OK)
            return first;
    }
    check.set = set;

    unsigned nthreads = 0;
    if (opt->jobs > 1 && n > 1)
        nthreads = opt->jobs < n ? opt->jobs : (unsigned)n;
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    struct pool pool = {
        .specs = specs, .opt = &check, .paths = paths, .n = n, .ahead = 2 * (size_t)nthreads};
    pthread_t threads[MAX_THREADS];
    unsigned started = 0;
    if (nthreads) {
        pool.jobs = rk_calloc(n, sizeof *pool.jobs);
        pthread_mutex_init(&pool.lock, NULL);
        pthread_cond_init(&pool.cond, NULL);
        for (unsigned t = 0; pool.jobs && t < nthreads; t++)
            if (pthread_create(&threads[t], NULL, worker, &pool) == 0)
                started++;
    }
    for (size_t i = 0; i < n; i++) {
        struct rk_file_result fr;
        enum rk_status st;
        for (size_t k = 0; k < nreports; k++)
            rk_report_begin_file(reports[k], paths[i]);
        if (started) {
            struct job *j = &pool.jobs[i];
            pthread_mutex_lock(&pool.lock);
            while (!j->done)
                pthread_cond_wait(&pool.cond, &pool.lock);
            pthread_mutex_unlock(&pool.lock);
            for (size_t k = 0; k < j->held.n; k++)
                fan_finding(&fan, &j->held.f[k]);
            fr = j->res;
            st = j->held.oom ? RK_E_NOMEM : j->st;
            held_free(&j->held);
            pthread_mutex_lock(&pool.lock);
            pool.released = i + 1;
            pthread_cond_broadcast(&pool.cond);
            pthread_mutex_unlock(&pool.lock);
        } else {
            st = rk_check_file(specs, &check, paths[i], fan_finding, &fan, &fr);
        }
        for (size_t k = 0; k < nreports; k++)
            rk_report_end_file(reports[k], &fr);
        res->files++;
        if (st == RK_E_IO || fr.unreadable) {
            res->unreadable++;
        } else if (st != RK_OK) {
            res->failed++;
            if (first == RK_OK)
                first = st;
        }
        for (int s = 0; s < 3; s++)
            res->count[s] += fr.count[s];
        if (opt->on_file)
            opt->on_file(opt->ctx, paths[i], st, &fr);
    }
    for (unsigned t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    rk_input_release(); /* the archive this thread kept open, if any */
    if (pool.jobs) {
        for (size_t i = 0; i < n; i++)
            held_free(&pool.jobs[i].held);
        rk_free(pool.jobs);
    }
    if (nthreads) {
        pthread_mutex_destroy(&pool.lock);
        pthread_cond_destroy(&pool.cond);
    }
    if (set && first == RK_OK) {
        struct rk_set_callbacks cb = {
            .send_begin = fan_send_begin,
            .send_end = fan_send_end,
            .profile_begin = fan_profile_begin,
            .profile_end = fan_profile_end,
            .finding = fan_set_finding,
            .ctx = &fan,
        };
        res->set_status = rk_set_check(set, &cb, res->set_count);
        for (int s = 0; s < 3; s++)
            res->count[s] += res->set_count[s];
        if (res->set_status != RK_OK)
            first = res->set_status;
    }
    rk_set_free(set);
    return first;
}

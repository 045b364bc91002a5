//! How many threads a run uses, and the one way stages use them: a list of independent
//! pieces of work, each on its own thread, the results in order. Results never depend on
//! the number of threads (`tests/threads.rs`).

/// How many threads a run may use: `CONCORD_THREADS` if set to a positive number, else
/// the machine's available parallelism. Found once a process: on Linux, the standard
/// library reads three files of the control groups to find it, each time it is asked.
pub fn available() -> usize {
    static AVAILABLE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        std::env::var("CONCORD_THREADS")
            .ok()
            .and_then(|t| t.parse().ok())
            .filter(|&t: &usize| t > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    })
}

/// How many threads to give `work` units of work when each thread should have at least
/// `least` of them: never more than [`available`], and at least one.
pub fn for_work(work: usize, least: usize) -> usize {
    available().min(work / least.max(1)).max(1)
}

/// `f` of each item, in the items' order: the first on this thread, each other on a
/// thread of its own. A panic in `f` is raised again here.
pub fn map<T: Send, R: Send>(items: impl IntoIterator<Item = T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let mut items = items.into_iter();
    let Some(first) = items.next() else { return Vec::new() };
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items.map(|item| scope.spawn(move || f(item))).collect();
        let mut results = vec![f(first)];
        let rejoin = |h: std::thread::ScopedJoinHandle<'_, R>| {
            h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
        };
        results.extend(handles.into_iter().map(rejoin));
        results
    })
}

/// `items` in consecutive groups of about the same `weight`, as many as that weight warrants
/// at `least` per thread (see [`for_work`]).
pub fn consecutive<T>(items: Vec<T>, weight: impl Fn(&T) -> usize, least: usize) -> Vec<Vec<T>> {
    let total: usize = items.iter().map(&weight).sum();
    in_groups(items, weight, for_work(total, least))
}

/// `items` in at most `count` consecutive groups, none empty (but the one group of no
/// items): each item goes to the group whose share of the total weight holds the item's
/// middle. (Closing a group once it reached its share put two items just under half
/// each in one group, on one thread.)
fn in_groups<T>(items: Vec<T>, weight: impl Fn(&T) -> usize, count: usize) -> Vec<Vec<T>> {
    let total: usize = items.iter().map(&weight).sum();
    let (mut groups, mut group, mut seen) = (vec![Vec::new()], 0, 0);
    for item in items {
        let w = weight(&item);
        let middle = (2 * seen as u128 + w as u128) * count as u128 / (2 * total as u128).max(1);
        let holds = (middle as usize).min(count.max(1) - 1);
        if holds > group && !groups.last().is_some_and(Vec::is_empty) {
            groups.push(Vec::new());
            group = holds;
        }
        seen += w;
        groups.last_mut().expect("one group at least").push(item);
    }
    groups
}

/// `f` of each item, the items taken in turn by `workers` threads (this one and others)
/// as each finishes its last, each thread with a state of its own made by `state`: for
/// items of uneven cost. The results come in the items' order; the states, one a thread,
/// in no particular order.
pub fn map_taken<T: Sync, R: Send, S: Send>(
    items: &[T],
    workers: usize,
    state: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> (Vec<R>, Vec<S>) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = |_| {
        let (mut own, mut done) = (state(), Vec::new());
        loop {
            let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(n) else { return (done, own) };
            done.push((n, f(&mut own, item)));
        }
    };
    let mut results = Vec::with_capacity(items.len());
    let mut states = Vec::with_capacity(workers);
    for (done, own) in map(0..workers.max(1), work) {
        results.extend(done);
        states.push(own);
    }
    results.sort_unstable_by_key(|&(n, _)| n);
    (results.into_iter().map(|(_, r)| r).collect(), states)
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_the_items_order() {
        assert_eq!(super::map(0..10, |n: u64| n * n), (0..10).map(|n| n * n).collect::<Vec<_>>());
        assert_eq!(super::map(Vec::<u8>::new(), |n| n), Vec::<u8>::new());
        assert_eq!(super::map([7], |n: i32| -n), vec![-7]);
    }

    #[test]
    fn taken_items_come_back_in_order_and_each_thread_keeps_its_state() {
        let items: Vec<u64> = (0..1000).collect();
        let square = |seen: &mut usize, n: &u64| {
            *seen += 1;
            n * n
        };
        let (squares, counts) = super::map_taken(&items, 3, || 0usize, square);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert_eq!((counts.len(), counts.iter().sum::<usize>()), (3, 1000));
    }

    #[test]
    fn groups_share_the_weight_whatever_its_order() {
        let groups = |weights: Vec<usize>, count| super::in_groups(weights, |w| *w, count);
        assert_eq!(groups(vec![320, 336], 2), vec![vec![320], vec![336]]);
        assert_eq!(groups(vec![0, 0, 336, 320, 0], 2), vec![vec![0, 0, 336], vec![320, 0]]);
        assert_eq!(groups(vec![1; 9], 3), vec![vec![1; 3]; 3]);
        assert_eq!(groups(vec![900, 1, 1, 1], 3), vec![vec![900], vec![1, 1, 1]]);
        assert_eq!(groups(vec![5, 5], 1), vec![vec![5, 5]]);
        assert_eq!(groups(vec![0, 0], 2), vec![vec![0, 0]]);
        assert_eq!(groups(Vec::new(), 2), vec![Vec::<usize>::new()]);
    }

    #[test]
    #[should_panic(expected = "item 3")]
    fn a_panic_on_another_thread_is_raised_here() {
        super::map(0..5, |n| assert!(n != 3, "item {n}"));
    }
}

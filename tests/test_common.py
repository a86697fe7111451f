"""scikit-learn's common estimator checks over every public estimator.

The checks feed 2-D tabular data (numbers of shape ``(n_samples, n_features)``).
The classifiers read such an X as ``n_features`` channels of length one, so every
check runs on them and none is expected to fail; the instances are small networks
trained for a few epochs without a validation split, with
``reverse_complement=False`` (the strand wrapper needs the 4 channels of DNA).
``tests/test_conventions.py`` checks the same properties on one-hot DNA.  Both
classifiers declare ``multi_label``, so scikit-learn's multilabel checks (output
formats of ``predict``, ``predict_proba`` and ``decision_function``, and the
representation invariance of ``y``) run too.

:class:`OneHotDNA` encodes DNA strings and rejects numbers by design: every check
that fails only for that reason is listed below with it.  The two array-API checks
are skipped by scikit-learn itself unless ``SCIPY_ARRAY_API=1`` is set.
"""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_demotif import DeepBindClassifier, DeepMotifClassifier, OneHotDNA

NUMERIC_X = (
    "the check feeds numbers; OneHotDNA encodes DNA strings and rejects anything "
    "else (same property tested on DNA in test_conventions.py)"
)
NO_FEATURE_AXIS = (
    "the check indexes a feature axis; DNA strings have none (a 1-D array or one "
    "column of strings)"
)

#: None: the classifiers read a 2-D numeric X as channels of length one, so every
#: check runs on them (with ``reverse_complement=False``, which needs 4 channels).
CLASSIFIER_EXPECTED_FAILURES = {}

ONE_HOT_NUMERIC_CHECKS = [
    "check_fit_score_takes_y",
    "check_estimators_overwrite_params",
    "check_estimators_fit_returns_self",
    "check_readonly_memmap_input",
    "check_n_features_in_after_fitting",
    "check_positive_only_tag_during_fit",
    "check_estimators_dtypes",
    "check_complex_data",
    "check_dtype_object",
    "check_pipeline_consistency",
    "check_estimators_nan_inf",
    "check_estimators_pickle",
    "check_transformer_preserve_dtypes",
    "check_fit_idempotent",
    "check_fit_check_is_fitted",
    "check_n_features_in",
    "check_fit1d",
    "check_estimators_empty_data_messages",
    "check_transformers_unfitted_stateless",
]

ONE_HOT_FEATURE_AXIS_CHECKS = [
    "check_dont_overwrite_parameters",
    "check_f_contiguous_array_estimator",
    "check_transformer_data_not_an_array",
    "check_transformer_general",
    "check_methods_sample_order_invariance",
    "check_methods_subset_invariance",
    "check_fit2d_1sample",
    "check_fit2d_1feature",
    "check_dict_unchanged",
    "check_fit2d_predict1d",
]

ONE_HOT_EXPECTED_FAILURES = {
    **{name: NUMERIC_X for name in ONE_HOT_NUMERIC_CHECKS},
    **{name: NO_FEATURE_AXIS for name in ONE_HOT_FEATURE_AXIS_CHECKS},
    "check_estimator_sparse_array": (
        "scipy cannot build the check's sparse array from a 1-D array of strings; "
        "sparse input is rejected with a message (check_estimator_sparse_matrix passes)"
    ),
}

EXPECTED_FAILURES = {
    "OneHotDNA": ONE_HOT_EXPECTED_FAILURES,
    "DeepMotifClassifier": CLASSIFIER_EXPECTED_FAILURES,
    "DeepBindClassifier": CLASSIFIER_EXPECTED_FAILURES,
}


#: Small, quick instances; every epoch sees all the data (no validation split).
COMMON_TRAINING = dict(
    max_epochs=5, lr=1e-2, batch_size=32, validation_fraction=None,
    reverse_complement=False, ema_epochs=None, random_state=0, verbose=0,
)
DEMO_CHECKED = dict(
    n_conv_layers=1, n_filters=8, n_highway_layers=1, highway_units=8, dropout=0.0,
    **COMMON_TRAINING,
)
DEEPBIND_CHECKED = dict(n_motifs=8, motif_length=3, n_hidden=8, dropout=0.0, **COMMON_TRAINING)


@parametrize_with_checks(
    [
        OneHotDNA(),
        DeepMotifClassifier(**DEMO_CHECKED),
        DeepBindClassifier(**DEEPBIND_CHECKED),
    ],
    expected_failed_checks=lambda estimator: EXPECTED_FAILURES[type(estimator).__name__],
    xfail_strict=True,
)
def test_scikit_learn_common_checks(estimator, check):
    check(estimator)

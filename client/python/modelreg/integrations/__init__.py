"""Loading versions into ML frameworks: small helpers, one module per framework, each importing
its framework only when called, so `import modelreg` never pulls one in (pip install
"modelreg[integrations]" installs them all; each needs only its own).

    modelreg.integrations.safetensors   load_file: tensors of .safetensors files (numpy by default)
    modelreg.integrations.numpy         load: .npy / .npz arrays, pickled objects refused by default
    modelreg.integrations.onnx          inference_session: an onnxruntime session, external data found
    modelreg.integrations.sklearn       push / load: estimators in skops' format, never pickle unasked
    modelreg.integrations.transformers  from_pretrained / push_pretrained: save_pretrained directories
    modelreg.integrations.fsspec        ModelregFileSystem: modelreg://MODEL:ALIAS/path for pandas,
                                        pyarrow, datasets (registered with fsspec by entry point)

Framework loaders read the version from a local directory (see _local.py): the Registry's
snapshot when it has one, else a pull kept by version digest. docs/integrations.md has more."""
